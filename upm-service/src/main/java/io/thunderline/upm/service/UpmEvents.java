package io.thunderline.upm.service;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotEvent;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.upm.domain.SnapshotRow;

import java.time.Instant;
import java.util.Map;

/** Event bodies upm-service writes to its outbox. */
final class UpmEvents {
    private UpmEvents() {
    }

    static SnapshotEvent snapshot(ModelType family, long version, String checksum, int windows, Map<String, Double> metrics,
                                  SnapshotStatus status, SnapshotMode mode) {
        return new SnapshotEvent(Contracts.SCHEMA_VERSION, family.wireName() + "-v" + version, family, version, checksum,
                windows, metrics, status, mode, Instant.now());
    }

    static SnapshotEvent snapshot(SnapshotRow s, SnapshotStatus status, SnapshotMode mode) {
        return snapshot(s.family(), s.version(), s.checksum(), s.windows(), s.metrics(), status, mode);
    }
}
