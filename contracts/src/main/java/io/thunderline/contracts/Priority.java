package io.thunderline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Queue priority; HIGH jobs are claimed before NORMAL before LOW. */
public enum Priority {
    LOW, NORMAL, HIGH;

    @JsonValue
    public String wireName() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static Priority fromWire(String value) {
        return WireEnum.parse(Priority.class, value, "priority");
    }
}
