package io.thunderline.tracking.domain;

import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.tracking.domain.SnapshotMapping.StatusChange;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotMappingTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456Z");

    @Test
    void anExperimentPerFamilyARunPerVersionAndAHistoryRun() {
        assertThat(SnapshotMapping.experimentName("thunderline-", "text_classification"))
                .isEqualTo("thunderline-upm-text_classification");
        assertThat(SnapshotMapping.runName("sentiment_analysis", 12)).isEqualTo("upm sentiment_analysis v12");
        assertThat(SnapshotMapping.historyRunName("sentiment_analysis")).isEqualTo("upm sentiment_analysis history");
        assertThat(SnapshotMapping.stream("text_classification")).isEqualTo("upm:text_classification");
    }

    @Test
    void statusesMapToRunStatuses() {
        assertThat(SnapshotMapping.state(SnapshotStatus.CREATED, null)).isEqualTo(RunState.RUNNING);
        assertThat(SnapshotMapping.state(SnapshotStatus.ACTIVATED, RunState.RUNNING)).isEqualTo(RunState.FINISHED);
        assertThat(SnapshotMapping.state(SnapshotStatus.QUARANTINED, RunState.RUNNING)).isEqualTo(RunState.FAILED);
        assertThat(SnapshotMapping.state(SnapshotStatus.ROLLED_BACK, RunState.FINISHED)).isEqualTo(RunState.KILLED);
        // a forced activation of a quarantined snapshot: it is served after all
        assertThat(SnapshotMapping.state(SnapshotStatus.ACTIVATED, RunState.FAILED)).isEqualTo(RunState.FINISHED);
    }

    @Test
    void archivingKeepsHowTheRunEndedAndEndsARunThatNeverDid() {
        assertThat(SnapshotMapping.state(SnapshotStatus.ARCHIVED, RunState.FAILED)).isEqualTo(RunState.FAILED);
        assertThat(SnapshotMapping.state(SnapshotStatus.ARCHIVED, RunState.KILLED)).isEqualTo(RunState.KILLED);
        assertThat(SnapshotMapping.state(SnapshotStatus.ARCHIVED, RunState.FINISHED)).isEqualTo(RunState.FINISHED);
        assertThat(SnapshotMapping.state(SnapshotStatus.ARCHIVED, RunState.RUNNING)).isEqualTo(RunState.FINISHED);
        assertThat(SnapshotMapping.state(SnapshotStatus.ARCHIVED, null)).isEqualTo(RunState.FINISHED);
    }

    @Test
    void theEndTimeIsTheFirstStatusThatEndedTheRun() {
        assertThat(SnapshotMapping.endTime(RunState.RUNNING, null, T0)).isNull();
        assertThat(SnapshotMapping.endTime(RunState.FINISHED, RunState.RUNNING, T0)).isEqualTo(T0.toEpochMilli());
        assertThat(SnapshotMapping.endTime(RunState.FAILED, null, T0)).isEqualTo(T0.toEpochMilli());
        assertThat(SnapshotMapping.endTime(RunState.KILLED, RunState.FINISHED, T0.plusSeconds(60))).isNull();
    }

    @Test
    void metricsGoUpAtStepVersionWithoutNonFiniteValues() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("holdout_accuracy", 0.75);
        metrics.put("holdout_log_loss", Double.NaN);
        metrics.put("holdout rows:all", 512.0);
        metrics.put("x", Double.POSITIVE_INFINITY);
        assertThat(SnapshotMapping.points(metrics, 7, T0)).containsExactly(
                new MetricPoint("holdout_accuracy", 7, 0.75, T0.toEpochMilli()),
                new MetricPoint("holdout rows_all", 7, 512.0, T0.toEpochMilli()));
    }

    @Test
    void paramsAreWhatNeverChanges() {
        assertThat(SnapshotMapping.params("text_classification-v2", "text_classification", 2, 6, "ab12", "shadow"))
                .containsExactly(Map.entry("snapshot_id", "text_classification-v2"),
                        Map.entry("family", "text_classification"), Map.entry("version", "2"),
                        Map.entry("windows", "6"), Map.entry("checksum", "ab12"), Map.entry("initial_mode", "shadow"));
    }

    @Test
    void statusTagsCarryTheNewestStatusAndTheWholeHistory() {
        StatusChange created = new StatusChange(SnapshotStatus.CREATED, SnapshotMode.SHADOW, T0);
        StatusChange activated = new StatusChange(SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, T0.plusSeconds(2));
        Map<String, String> tags = SnapshotMapping.statusTags("text_classification", 1, activated, List.of(created, activated));
        assertThat(tags).containsEntry("upm.status", "activated").containsEntry("upm.mode", "active")
                .containsEntry("upm.status_at", "2026-11-25T10:00:02.123456Z")
                .containsEntry("upm.history", "created 2026-11-25T10:00:00.123456Z (shadow); "
                        + "activated 2026-11-25T10:00:02.123456Z (active)");
        assertThat(tags.get("mlflow.note.content")).startsWith("UPM snapshot v1 of text_classification: **activated**");
    }

    @Test
    void anOperationSurvivesItsTripThroughPostgresJson() {
        SnapshotOp op = new SnapshotOp("text_classification", 3,
                List.of(new MetricPoint("holdout_accuracy", 3, 0.5, T0.toEpochMilli())), Map.of("upm.status", "created"),
                RunState.RUNNING, null, Map.of("upm.latest_version", "3"),
                List.of(new SnapshotOp.VersionTags(2, Map.of("upm.mode", "shadow"))));
        JsonObject json = new JsonObject(JsonObject.mapFrom(op).encode());
        assertThat(json.mapTo(SnapshotOp.class)).isEqualTo(op);
    }
}
