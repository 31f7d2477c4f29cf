package io.thunderline.tracking.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A job's params and metric histories (under their MLflow names), as compared and exported. */
public record JobResults(String jobId, Map<String, String> params, Map<String, List<Point>> metrics) {

    /** One value of a metric: its step, value, the time of the update and the update's seq. */
    public record Point(long step, double value, Instant at, long seq) {
    }
}
