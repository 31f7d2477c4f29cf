package io.thunderline.tracking.domain;

import java.time.Instant;

/** What tracking-service knows about one UPM snapshot and its MLflow run (a row of upm_snapshots). */
public record SnapshotRow(String family, long version, String snapshotId, String checksum, int windows,
                          String initialMode, Instant firstAt, String status, String mode, Instant statusAt,
                          RunState decidedState, String runState, String experimentId, String runId, String runUrl) {

    public boolean hasRun() {
        return runId != null;
    }
}
