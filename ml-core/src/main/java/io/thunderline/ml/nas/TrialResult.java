package io.thunderline.ml.nas;

import io.thunderline.ml.nn.Architecture;
import java.util.List;
import java.util.Map;

/** One trial of a search: which moiety/try, the architecture, and its best epoch. */
public record TrialResult(int trial, int moiety, int attempt, Architecture architecture,
                          int bestEpoch, Map<String, Double> bestMetrics, List<Map<String, Double>> history,
                          long millis, TrainingOutcome.HeldOut heldOut) {

    public TrialResult {
        bestMetrics = Map.copyOf(bestMetrics);
        history = List.copyOf(history);
    }

    public TrialResult(int trial, int moiety, int attempt, Architecture architecture, int bestEpoch,
                       Map<String, Double> bestMetrics, List<Map<String, Double>> history, long millis) {
        this(trial, moiety, attempt, architecture, bestEpoch, bestMetrics, history, millis, null);
    }

    public double validationF1() {
        return bestMetrics.getOrDefault("val_f1", 0.0);
    }

    public double validationLoss() {
        return bestMetrics.getOrDefault("val_loss", Double.POSITIVE_INFINITY);
    }
}
