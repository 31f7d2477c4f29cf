package io.thunderline.tracking.domain;

import java.util.List;
import java.util.Map;

/**
 * A job update as it will be written to MLflow, decided when the update arrives so that a replay sends exactly the
 * same thing: {@code state} is null when a newer update already moved the status (a late, out-of-order update).
 */
public record UpdateOp(long seq, RunState state, Long endTime, List<MetricPoint> metrics, Map<String, String> params,
                       Map<String, String> tags) {
    public UpdateOp {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        params = params == null ? Map.of() : Map.copyOf(params);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
