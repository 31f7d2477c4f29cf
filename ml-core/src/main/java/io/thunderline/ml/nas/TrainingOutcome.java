package io.thunderline.ml.nas;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What training one network produced: its best epoch, that epoch's metrics and the history, and (when the
 * search asks for them) its class probabilities on the examples it was validated on, for tuning the decision.
 */
public record TrainingOutcome(int bestEpoch, Map<String, Double> bestMetrics, List<Map<String, Double>> history,
                              HeldOut heldOut) {

    /** Probabilities of examples the network did not learn from, with their class ids. */
    public record HeldOut(double[][] probabilities, int[] labels) {
    }

    public TrainingOutcome {
        bestMetrics = Map.copyOf(bestMetrics);
        history = List.copyOf(history);
    }

    public TrainingOutcome(int bestEpoch, Map<String, Double> bestMetrics, List<Map<String, Double>> history) {
        this(bestEpoch, bestMetrics, history, null);
    }

    public TrainingOutcome withHeldOut(HeldOut predictions) {
        return new TrainingOutcome(bestEpoch, bestMetrics, history, predictions);
    }

    /**
     * One architecture trained on k folds: each epoch's metrics averaged over the folds (reported
     * to {@code reporter}), and the epoch with the best mean validation F1 (then loss) as best.
     */
    static TrainingOutcome meanOverFolds(List<TrainingOutcome> folds, NetworkTrainer.Reporter reporter) {
        int epochs = folds.get(0).history().size();
        List<Map<String, Double>> history = new ArrayList<>();
        Map<String, Double> best = null;
        int bestEpoch = 0;
        for (int e = 0; e < epochs; e++) {
            Map<String, Double> mean = new LinkedHashMap<>();
            for (String key : folds.get(0).history().get(e).keySet()) {
                double sum = 0;
                for (TrainingOutcome fold : folds) {
                    sum += fold.history().get(e).get(key);
                }
                mean.put(key, sum / folds.size());
            }
            history.add(mean);
            reporter.epoch(e + 1, mean);
            if (best == null || NetworkTrainer.better(mean, best, true)) {
                best = mean;
                bestEpoch = e + 1;
            }
        }
        return new TrainingOutcome(bestEpoch, best, history);
    }
}
