package io.thunderline.tracking.domain;

import io.thunderline.contracts.JobStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MlflowNamesTest {
    @Test
    void longParamValuesAreCutToWhatMlflowAccepts() {
        String value = MlflowNames.paramValue("x".repeat(10_000));
        assertThat(value).hasSize(MlflowNames.MAX_PARAM_VALUE_LENGTH).endsWith("…(truncated)");
        assertThat(MlflowNames.paramValue("short")).isEqualTo("short");
    }

    @Test
    void keysKeepAllowedCharactersAndLength() {
        assertThat(MlflowNames.key("search/trial_1/val-f1.x y")).isEqualTo("search/trial_1/val-f1.x y");
        assertThat(MlflowNames.key("é:ü")).isEqualTo("___");
        assertThat(MlflowNames.key("k".repeat(300))).hasSize(MlflowNames.MAX_KEY_LENGTH);
    }

    @Test
    void experimentPerModelType() {
        assertThat(MlflowNames.experimentName("thunderline-", "text_classification"))
                .isEqualTo("thunderline-text_classification");
    }

    @Test
    void jobStatusesMapToMlflowRunStatuses() {
        assertThat(RunState.of(JobStatus.QUEUED)).isEqualTo(RunState.SCHEDULED);
        assertThat(RunState.of(JobStatus.RUNNING)).isEqualTo(RunState.RUNNING);
        assertThat(RunState.of(JobStatus.COMPLETED)).isEqualTo(RunState.FINISHED);
        assertThat(RunState.of(JobStatus.FAILED)).isEqualTo(RunState.FAILED);
        assertThat(RunState.of(JobStatus.CANCELLED)).isEqualTo(RunState.KILLED);
        assertThat(RunState.RUNNING.terminal()).isFalse();
        assertThat(RunState.KILLED.terminal()).isTrue();
    }
}
