package io.thunderline.ml.nas;

import java.util.List;
import java.util.Map;

/** What training one network produced: its best epoch, that epoch's metrics and the history. */
public record TrainingOutcome(int bestEpoch, Map<String, Double> bestMetrics, List<Map<String, Double>> history) {

    public TrainingOutcome {
        bestMetrics = Map.copyOf(bestMetrics);
        history = List.copyOf(history);
    }
}
