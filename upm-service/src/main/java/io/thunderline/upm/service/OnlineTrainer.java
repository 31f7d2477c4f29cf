package io.thunderline.upm.service;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;

import java.util.List;

/**
 * A family's online learner: ml-core's {@link OnlineSoftmax} (AdaGrad over hashed features) plus the label
 * vocabulary that maps a row's label to a class slot. Each row is first scored by the current model (progressive
 * validation: the rolling holdout of snapshot metrics) and then learned from, in window order, so the same windows
 * always give bit-identical weights. Not thread-safe: one {@link TrainerWorker} thread owns it.
 */
public final class OnlineTrainer {
    private final OnlineSoftmax model;

    /** Trains {@code model} on, holding only its classes seen (a snapshot of the earlier format stored every slot). */
    public OnlineTrainer(OnlineSoftmax model) {
        this.model = model.compact();
    }

    public static OnlineTrainer fresh(int dims, int classes, double learningRate) {
        return new OnlineTrainer(new OnlineSoftmax(dims, classes, learningRate));
    }

    /** Progressive validation of one window: rows scored before learning, correct predictions, summed log loss. */
    public record WindowOutcome(int rows, int correct, double logLoss) {
    }

    /** Scores then learns each row of the window; {@code labels} is the family's vocabulary (class id = position). */
    public WindowOutcome apply(FeatureWindow window, List<String> labels) {
        int correct = 0;
        double logLoss = 0;
        for (int i = 0; i < window.rows().size(); i++) {
            FeatureWindow.FeatureRow row = window.rows().get(i);
            int label = labels.indexOf(row.label());
            if (label < 0 || label >= model.classes()) {
                throw new IllegalStateException("window " + window.windowId() + " row " + i + " has label '" + row.label()
                        + "' that is not in the " + window.family().wireName() + " vocabulary " + labels);
            }
            SparseVector x = new SparseVector(row.indices(), row.values());
            // scored over the vocabulary's slots, as an agent holding these labels would, then learned (one pass)
            double[] p = model.predictThenUpdate(x, label, OnlineSoftmax.activeFor(labels.size(), model.classes()));
            if (bestKnown(p, labels.size()) == label) {
                correct++;
            }
            logLoss -= Math.log(Math.max(p[label], 1e-15));
        }
        return new WindowOutcome(window.rows().size(), correct, logLoss);
    }

    /** The most probable class among those with a label (the rule agents use too). */
    static int bestKnown(double[] p, int known) {
        int best = 0;
        for (int k = 1; k < known; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    public OnlineSoftmax model() {
        return model;
    }
}
