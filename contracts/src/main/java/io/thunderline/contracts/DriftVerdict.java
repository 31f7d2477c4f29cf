package io.thunderline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Outcome of a drift check. */
public enum DriftVerdict {
    OK, WARN, QUARANTINED;

    @JsonValue
    public String wireName() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static DriftVerdict fromWire(String value) {
        return WireEnum.parse(DriftVerdict.class, value, "verdict");
    }
}
