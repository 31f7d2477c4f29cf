package io.thunderline.tracking.rest;

import io.thunderline.tracking.service.JobResults;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsCsvTest {
    @Test
    void oneRowPerMetricValueWithAHeader() {
        Instant t = Instant.parse("2026-11-25T10:00:00Z");
        Map<String, List<JobResults.Point>> metrics = new LinkedHashMap<>();
        metrics.put("loss", List.of(new JobResults.Point(1, 0.9, t, 3), new JobResults.Point(2, 0.5, t, 4)));
        metrics.put("search/trial_1/val f1", List.of(new JobResults.Point(1, 0.25, t, 2)));
        String csv = ResultsCsv.write(new JobResults("job,1", Map.of("a", "b"), metrics));
        assertThat(csv.split("\r\n")).containsExactly(
                "job_id,metric,step,value,timestamp,seq",
                "\"job,1\",loss,1,0.9,2026-11-25T10:00:00Z,3",
                "\"job,1\",loss,2,0.5,2026-11-25T10:00:00Z,4",
                "\"job,1\",search/trial_1/val f1,1,0.25,2026-11-25T10:00:00Z,2");
    }
}
