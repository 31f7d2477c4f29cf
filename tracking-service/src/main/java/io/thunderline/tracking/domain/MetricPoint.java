package io.thunderline.tracking.domain;

/** One metric value as MLflow stores it: name, step, value, time in epoch milliseconds. */
public record MetricPoint(String key, long step, double value, long timestamp) {
}
