package io.thunderline.tracking.rest;

import io.thunderline.tracking.domain.SnapshotRow;

import java.time.Instant;
import java.util.Map;

/**
 * One UPM snapshot and its MLflow run (GET /upm-runs). {@code status} and {@code mode} are upm-service's (created,
 * activated, quarantined, rolled_back, archived; shadow, active), {@code runState} the MLflow run status (RUNNING,
 * FINISHED, FAILED, KILLED), PENDING while the run waits to be created (MLflow unavailable); runUrl is null until then.
 */
public record UpmRunView(String family, long version, String snapshotId, String status, String mode, Instant statusAt,
                         String runState, String experimentId, String runId, String runUrl, int windows,
                         String checksum, Map<String, Double> metrics) {

    static UpmRunView of(SnapshotRow s, Map<String, Double> metrics) {
        String state = s.hasRun() && s.runState() != null ? s.runState() : RunView.PENDING;
        return new UpmRunView(s.family(), s.version(), s.snapshotId(), s.status(), s.mode(), s.statusAt(), state,
                s.experimentId(), s.runId(), s.runUrl(), s.windows(), s.checksum(), metrics == null ? Map.of() : metrics);
    }
}
