package io.thunderline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Life cycle of a training job. */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    @JsonValue
    public String wireName() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static JobStatus fromWire(String value) {
        return WireEnum.parse(JobStatus.class, value, "status");
    }

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
