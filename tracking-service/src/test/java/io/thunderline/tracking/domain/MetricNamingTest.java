package io.thunderline.tracking.domain;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricNamingTest {
    static final Instant AT = Instant.parse("2026-11-25T10:00:00.123Z");

    static JobUpdate update(JobStatus status, Integer phase, Integer trial, Integer epoch, Map<String, Double> metrics) {
        return new JobUpdate(Contracts.SCHEMA_VERSION, "job-1", 5, status, phase, null, trial, epoch, metrics, Map.of(),
                null, AT);
    }

    @Test
    void anEpochOfTheFinalTrainingKeepsTheNameAndStepsByEpoch() {
        assertThat(MetricNaming.points(update(JobStatus.RUNNING, 3, null, 4, Map.of("val_f1", 0.8))))
                .containsExactly(new MetricPoint("val_f1", 4, 0.8, AT.toEpochMilli()));
    }

    @Test
    void aTrialResultIsPrefixedAndStepsByTrial() {
        assertThat(MetricNaming.points(update(JobStatus.RUNNING, 2, 7, null, Map.of("val_f1", 0.6))))
                .containsExactly(new MetricPoint("trial_val_f1", 7, 0.6, AT.toEpochMilli()));
    }

    @Test
    void anEpochInsideATrialGoesUnderItsTrialsSection() {
        assertThat(MetricNaming.points(update(JobStatus.RUNNING, 2, 3, 2, Map.of("loss", 1.5))))
                .containsExactly(new MetricPoint("search/trial_3/loss", 2, 1.5, AT.toEpochMilli()));
    }

    @Test
    void evaluationAndFinalStatusMetricsArePrefixedFinal() {
        assertThat(MetricNaming.points(update(JobStatus.RUNNING, 4, null, null, Map.of("accuracy", 0.9))))
                .extracting(MetricPoint::key, MetricPoint::step).containsExactly(org.assertj.core.groups.Tuple.tuple("final_accuracy", 0L));
        assertThat(MetricNaming.points(update(JobStatus.COMPLETED, null, null, null, Map.of("f1", 0.7))))
                .extracting(MetricPoint::key).containsExactly("final_f1");
    }

    @Test
    void otherPhaseMetricsNameTheirPhase() {
        assertThat(MetricNaming.points(update(JobStatus.RUNNING, 1, null, null, Map.of("train_rows", 40.0))))
                .extracting(MetricPoint::key).containsExactly("phase1_train_rows");
    }

    @Test
    void namesMlflowWouldRefuseAreCleaned() {
        assertThat(MetricNaming.points(update(JobStatus.RUNNING, 3, null, 1, Map.of("f1 (macro)%", 0.5))))
                .extracting(MetricPoint::key).containsExactly("f1 _macro__");
    }
}
