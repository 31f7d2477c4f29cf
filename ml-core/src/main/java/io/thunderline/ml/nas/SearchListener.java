package io.thunderline.ml.nas;

import java.util.Map;

/**
 * Progress callbacks of a search, called on the search's thread. Metric keys: loss,
 * accuracy, f1 (training, averaged over the epoch) and val_loss, val_accuracy, val_f1.
 * Trial numbers start at 0; epochs at 1. The final retraining of the winner reports its epochs
 * (training metrics only) under trial number {@code moieties × tries}.
 */
public interface SearchListener {

    SearchListener NONE = new SearchListener() {
    };

    /** A phase starts: "featurize", "search", "retrain" or "done". */
    default void onPhase(String phase, String detail) {
    }

    default void onTrialStart(int trial, String architectureDescription) {
    }

    /** Called after each mini-batch (cheap; useful for fine-grained progress). */
    default void onBatch(int trial, int epoch, int batch, double loss) {
    }

    default void onEpoch(int trial, int epoch, Map<String, Double> metrics) {
    }

    default void onTrialEnd(int trial, int bestEpoch, Map<String, Double> bestMetrics) {
    }
}
