package io.thunderline.ml.assist;

import io.thunderline.ml.data.StratifiedFolds;

import java.util.Arrays;
import java.util.List;

/**
 * Out-of-fold class probabilities of labelled examples: each example is scored by a model that never saw it
 * (stratified k-fold, k at most 5 and at most the rarest class's count). What suggestions and calibration rest on:
 * a model's opinion of its own training examples would flatter them.
 *
 * @param logits  per example, the logits of the fold model that did not see it
 * @param labels  the class index of every example
 * @param folds   k
 */
public record OutOfFold(double[][] logits, int[] labels, int classes, int folds) {
    static final int MAX_FOLDS = 5;
    static final long SEED = 20261205L;

    /** Null when some class has fewer than 2 examples (no fold can hold one out and still learn it). */
    public static OutOfFold of(float[][] x, int[] y, List<String> labelNames) {
        int classes = labelNames.size();
        int[] counts = new int[classes];
        for (int label : y) {
            counts[label]++;
        }
        int rarest = Arrays.stream(counts).min().orElse(0);
        if (rarest < 2) {
            return null;
        }
        int k = StratifiedFolds.folds(rarest, MAX_FOLDS, y.length);
        int[] fold = StratifiedFolds.assign(Arrays.stream(y).mapToObj(labelNames::get).toList(), k, SEED);
        double[][] logits = new double[y.length][];
        for (int f = 0; f < k; f++) {
            int[] train = StratifiedFolds.members(fold, f, false);
            int[] test = StratifiedFolds.members(fold, f, true);
            float[][] tx = new float[train.length][];
            int[] ty = new int[train.length];
            for (int i = 0; i < train.length; i++) {
                tx[i] = x[train[i]];
                ty[i] = y[train[i]];
            }
            EmbeddingClassifier model = EmbeddingClassifier.fit(tx, ty, classes);
            for (int i : test) {
                logits[i] = model.logits(x[i]);
            }
        }
        return new OutOfFold(logits, y, classes, k);
    }

    public double[] probabilities(int example, double temperature) {
        double[] p = logits[example].clone();
        EmbeddingClassifier.softmaxInPlace(p, temperature);
        return p;
    }

    /**
     * The temperature that makes the out-of-fold probabilities most honest (lowest negative log-likelihood of the true
     * labels), searched on a log grid from 0.05 to 20.
     */
    public double calibratedTemperature() {
        double best = 1;
        double bestNll = Double.POSITIVE_INFINITY;
        for (double logT = Math.log(0.05); logT <= Math.log(20) + 1e-9; logT += Math.log(20 / 0.05) / 120) {
            double t = Math.exp(logT);
            double nll = 0;
            for (int i = 0; i < labels.length; i++) {
                nll -= Math.log(Math.max(1e-12, probabilities(i, t)[labels[i]]));
            }
            if (nll < bestNll) {
                bestNll = nll;
                best = t;
            }
        }
        return best;
    }
}
