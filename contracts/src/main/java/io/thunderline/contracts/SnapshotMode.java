package io.thunderline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How a UPM snapshot is served. */
public enum SnapshotMode {
    SHADOW, CANARY, ACTIVE;

    @JsonValue
    public String wireName() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static SnapshotMode fromWire(String value) {
        return WireEnum.parse(SnapshotMode.class, value, "mode");
    }
}
