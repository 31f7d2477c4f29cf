package io.thunderline.tracking.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LogBatchTest {
    static List<MetricPoint> metrics(int n) {
        return IntStream.range(0, n).mapToObj(i -> new MetricPoint("m", i, i, 1L)).toList();
    }

    static Map<String, String> entries(String prefix, int n) {
        Map<String, String> m = new LinkedHashMap<>();
        IntStream.range(0, n).forEach(i -> m.put(prefix + i, "v" + i));
        return m;
    }

    @Test
    void nothingToLogMeansNoCall() {
        assertThat(LogBatch.split(List.of(), Map.of(), Map.of())).isEmpty();
    }

    @Test
    void everyCallStaysWithinMlflowsLimitsAndNothingIsLostOrReordered() {
        List<MetricPoint> metrics = metrics(2_345);
        List<LogBatch> batches = LogBatch.split(metrics, entries("p", 250), entries("t", 130));
        for (LogBatch b : batches) {
            assertThat(b.metrics()).hasSizeLessThanOrEqualTo(LogBatch.MAX_METRICS);
            assertThat(b.params()).hasSizeLessThanOrEqualTo(LogBatch.MAX_PARAMS);
            assertThat(b.tags()).hasSizeLessThanOrEqualTo(LogBatch.MAX_TAGS);
            assertThat(b.size()).isLessThanOrEqualTo(LogBatch.MAX_TOTAL);
        }
        List<MetricPoint> sent = new ArrayList<>();
        batches.forEach(b -> sent.addAll(b.metrics()));
        assertThat(sent).isEqualTo(metrics);
        assertThat(batches.stream().mapToInt(b -> b.params().size()).sum()).isEqualTo(250);
        assertThat(batches.stream().mapToInt(b -> b.tags().size()).sum()).isEqualTo(130);
        // 2345 metrics + 250 params + 130 tags cannot go in fewer than 3 calls of at most 1000
        assertThat(batches).hasSize(3);
    }

    @Test
    void exactlyOneFullCall() {
        assertThat(LogBatch.split(metrics(1000), Map.of(), Map.of())).hasSize(1);
        assertThat(LogBatch.split(metrics(1001), Map.of(), Map.of())).hasSize(2);
        assertThat(LogBatch.split(metrics(900), entries("p", 100), Map.of())).hasSize(1);
        assertThat(LogBatch.split(metrics(901), entries("p", 100), Map.of())).hasSize(2);
    }
}
