package io.thunderline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Life cycle of a UPM snapshot. */
public enum SnapshotStatus {
    CREATED, ACTIVATED, ROLLED_BACK, ARCHIVED, QUARANTINED;

    @JsonValue
    public String wireName() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static SnapshotStatus fromWire(String value) {
        return WireEnum.parse(SnapshotStatus.class, value, "status");
    }
}
