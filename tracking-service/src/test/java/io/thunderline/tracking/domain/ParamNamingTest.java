package io.thunderline.tracking.domain;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParamNamingTest {
    static JobUpdate update(Integer trial, Map<String, String> params) {
        return new JobUpdate(Contracts.SCHEMA_VERSION, "job-1", 1, JobStatus.RUNNING, 2, null, trial, null, Map.of(),
                params, null, Instant.now());
    }

    @Test
    void aTrialsParamsCarryTheTrialNumber() {
        assertThat(ParamNaming.params(update(3, Map.of("architecture", "2x[8,4]"))))
                .containsExactly(Map.entry("trial_3.architecture", "2x[8,4]"));
    }

    @Test
    void finalParamsKeepTheirNames() {
        assertThat(ParamNaming.params(update(null, Map.of("architecture", "3x[16]", "search_trials", "4"))))
                .containsOnly(Map.entry("architecture", "3x[16]"), Map.entry("search_trials", "4"));
    }

    @Test
    void theConfusionMatrixIsAnArtifactNotAParam() {
        Map<String, String> named = ParamNaming.params(update(null, Map.of("confusion_matrix", "{\"labels\":[]}")));
        assertThat(named).containsOnlyKeys("confusion_matrix");
        assertThat(ParamNaming.loggedAsParam("confusion_matrix")).isFalse();
        assertThat(ParamNaming.loggedAsParam("architecture")).isTrue();
    }
}
