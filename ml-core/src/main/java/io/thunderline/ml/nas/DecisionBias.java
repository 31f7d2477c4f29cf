package io.thunderline.ml.nas;

import io.thunderline.ml.eval.Metrics;

/**
 * Per-class offsets added to the log-probabilities before the decision, tuned for macro F1 on
 * predictions of examples the model did not learn from (the validation split, or out-of-fold
 * predictions under cross-validation). A network trained on few positives is too shy to say
 * "positive"; moving its threshold on held-out predictions is the standard remedy. Kept only when it
 * raises held-out macro F1 by at least {@link #MIN_GAIN}, so noise does not move a balanced model.
 */
public final class DecisionBias {

    /** Least held-out macro-F1 gain worth a bias. */
    static final double MIN_GAIN = 0.005;
    /** Fewer held-out examples than this: too few to tune a threshold on. */
    static final int MIN_EXAMPLES = 40;
    private static final double STEP = 0.1;
    private static final double RANGE = 4;

    private DecisionBias() {
    }

    /** The offsets (one per class), or null when none helps enough. */
    public static double[] tune(double[][] probabilities, int[] labels, int classes) {
        if (probabilities == null || labels.length < MIN_EXAMPLES) {
            return null;
        }
        double[][] logs = new double[probabilities.length][classes];
        for (int i = 0; i < probabilities.length; i++) {
            for (int c = 0; c < classes; c++) {
                logs[i][c] = Math.log(Math.max(probabilities[i][c], 1e-12));
            }
        }
        double[] bias = new double[classes];
        double base = macroF1(logs, labels, bias, classes);
        double best = base;
        // coordinate ascent: class by class, two rounds (for two classes one offset is all there is)
        for (int round = 0; round < (classes == 2 ? 1 : 2); round++) {
            for (int c = classes == 2 ? 1 : 0; c < classes; c++) {
                double keep = bias[c];
                double bestValue = keep;
                for (double b = -RANGE; b <= RANGE + 1e-9; b += STEP) {
                    bias[c] = b;
                    double f1 = macroF1(logs, labels, bias, classes);
                    // ties go to the smaller offset: move the decision no further than needed
                    if (f1 > best + 1e-12 || (Math.abs(f1 - best) <= 1e-12 && Math.abs(b) < Math.abs(bestValue))) {
                        best = f1;
                        bestValue = b;
                    }
                }
                bias[c] = bestValue;
            }
        }
        if (best - base < MIN_GAIN) {
            return null;
        }
        for (int c = 0; c < classes; c++) {
            bias[c] = (float) bias[c]; // model files store float32: the saved model decides exactly like this one
        }
        return bias;
    }

    /** Probabilities after the offsets: p_c · e^{b_c}, renormalised (null bias: unchanged). */
    public static double[] apply(double[] probabilities, double[] bias) {
        if (bias == null) {
            return probabilities;
        }
        double[] out = new double[probabilities.length];
        double sum = 0;
        for (int c = 0; c < out.length; c++) {
            out[c] = probabilities[c] * Math.exp(bias[c]);
            sum += out[c];
        }
        for (int c = 0; c < out.length; c++) {
            out[c] /= sum;
        }
        return out;
    }

    private static double macroF1(double[][] logs, int[] labels, double[] bias, int classes) {
        int[] predicted = new int[labels.length];
        double[] row = new double[classes];
        for (int i = 0; i < labels.length; i++) {
            for (int c = 0; c < classes; c++) {
                row[c] = logs[i][c] + bias[c];
            }
            predicted[i] = Metrics.argmax(row);
        }
        return Metrics.macroF1(labels, predicted, classes);
    }
}
