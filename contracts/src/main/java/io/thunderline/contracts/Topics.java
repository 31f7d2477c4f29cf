package io.thunderline.contracts;

import java.util.List;

/** Kafka topic names, the single place every service takes them from. */
public final class Topics {
    public static final String TRAINING_REQUESTS = "training.requests";
    public static final String JOB_UPDATES = "training.job-updates";
    public static final String JOB_LOGS = "training.job-logs";
    public static final String FEATURE_WINDOWS = "upm.feature-windows";
    public static final String SNAPSHOTS = "upm.snapshots";
    /** Compacted: the latest adapter per family is what a new agent needs. */
    public static final String ADAPTERS = "upm.adapters";
    public static final String ADAPTER_ACKS = "upm.adapter-acks";
    public static final String DRIFT = "upm.drift";
    public static final String STATUS = "upm.status";
    public static final String TRACKING_RUNS = "tracking.runs";

    public static final String DLQ_SUFFIX = ".dlq";

    public static final List<String> ALL = List.of(TRAINING_REQUESTS, JOB_UPDATES, JOB_LOGS,
            FEATURE_WINDOWS, SNAPSHOTS, ADAPTERS, ADAPTER_ACKS, DRIFT, STATUS, TRACKING_RUNS);

    private Topics() {
    }

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** Every topic plus its dead-letter twin: what a broker must hold for the whole system. */
    public static List<String> allWithDeadLetters() {
        return ALL.stream().flatMap(t -> java.util.stream.Stream.of(t, dlq(t))).toList();
    }
}
