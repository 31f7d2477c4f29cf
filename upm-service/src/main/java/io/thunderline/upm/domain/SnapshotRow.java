package io.thunderline.upm.domain;

import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot as listed and shown by REST (the weights themselves are fetched separately); {@code canaryAgents} names
 * the agents it is served to while its mode is canary (null otherwise). {@code takenAt}: when the trainer copied the
 * weights (null for snapshots of older versions); {@code createdAt}: when it was stored, checksummed and compressed.
 */
public record SnapshotRow(String snapshotId, ModelType family, long version, String checksum, int windows,
                          long examples, List<String> labels, Map<String, Double> metrics, SnapshotStatus status,
                          SnapshotMode mode, String stateEncoding, int stateBytes, boolean weightsKept,
                          Instant takenAt, Instant createdAt, Instant activatedAt, Instant statusAt,
                          List<String> canaryAgents) {
    public boolean active() {
        return mode == SnapshotMode.ACTIVE;
    }

    public boolean canary() {
        return mode == SnapshotMode.CANARY;
    }
}
