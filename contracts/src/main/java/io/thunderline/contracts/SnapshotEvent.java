package io.thunderline.contracts;

import java.time.Instant;
import java.util.Map;

/** upm.snapshots: a snapshot of a family's online model changed status. */
public record SnapshotEvent(
        int schemaVersion,
        String snapshotId,
        ModelType family,
        long version,
        String checksum,
        int windows,
        Map<String, Double> metrics,
        SnapshotStatus status,
        SnapshotMode mode,
        Instant at) {

    public SnapshotEvent {
        Require.schemaVersion(schemaVersion);
        Require.present(snapshotId, "snapshotId");
        Require.present(family, "family");
        Require.atLeast(version, 1, "version");
        Require.present(checksum, "checksum");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        Require.present(status, "status");
        Require.present(mode, "mode");
        Require.present(at, "at");
    }
}
