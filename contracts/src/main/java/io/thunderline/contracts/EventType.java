package io.thunderline.contracts;

import java.util.Arrays;
import java.util.Optional;

/** CloudEvent type names (ce_type), the topic each travels on and the record of its body. */
public enum EventType {
    TRAINING_REQUESTED("io.thunderline.training.requested.v1", Topics.TRAINING_REQUESTS, TrainingRequested.class),
    JOB_UPDATED("io.thunderline.training.job-updated.v1", Topics.JOB_UPDATES, JobUpdate.class),
    JOB_LOGGED("io.thunderline.training.job-logged.v1", Topics.JOB_LOGS, JobLog.class),
    FEATURE_WINDOW("io.thunderline.upm.feature-window.v1", Topics.FEATURE_WINDOWS, FeatureWindow.class),
    SNAPSHOT_CHANGED("io.thunderline.upm.snapshot-changed.v1", Topics.SNAPSHOTS, SnapshotEvent.class),
    ADAPTER_PUBLISHED("io.thunderline.upm.adapter-published.v1", Topics.ADAPTERS, AdapterEvent.class),
    ADAPTER_ACKED("io.thunderline.upm.adapter-acked.v1", Topics.ADAPTER_ACKS, AdapterAck.class),
    DRIFT_CHECKED("io.thunderline.upm.drift-checked.v1", Topics.DRIFT, DriftReport.class),
    UPM_STATUS("io.thunderline.upm.status.v1", Topics.STATUS, UpmStatus.class),
    TRACKING_RUN("io.thunderline.tracking.run.v1", Topics.TRACKING_RUNS, TrackingRun.class);

    private final String ceType;
    private final String topic;
    private final Class<? extends Record> bodyType;

    EventType(String ceType, String topic, Class<? extends Record> bodyType) {
        this.ceType = ceType;
        this.topic = topic;
        this.bodyType = bodyType;
    }

    public String ceType() {
        return ceType;
    }

    public String topic() {
        return topic;
    }

    public Class<? extends Record> bodyType() {
        return bodyType;
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }

    /** The type of a body (every body record has exactly one). */
    public static EventType of(Record body) {
        return Arrays.stream(values()).filter(t -> t.bodyType == body.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(body.getClass() + " is not an event body"));
    }
}
