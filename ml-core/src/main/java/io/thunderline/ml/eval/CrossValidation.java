package io.thunderline.ml.eval;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedFolds;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.model.TextClassifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The honest estimate for small data: stratified k-fold cross-validation of a whole training
 * procedure (for the search: every fold runs the full search on the other folds, so choosing the
 * architecture is part of what is measured). Each fold's model is scored on the fold it never saw;
 * the mean and the spread (sample standard deviation) over folds are the estimate, and the
 * out-of-fold predictions pooled give per-class precision and recall.
 *
 * @param folds    k
 * @param examples all examples
 * @param accuracy mean ± spread of the folds' accuracy
 * @param macroF1  mean ± spread of the folds' macro F1
 * @param pooled   every example's out-of-fold prediction scored together
 * @param perFold  each fold's own evaluation
 */
public record CrossValidation(int folds, int examples, Estimate accuracy, Estimate macroF1, Evaluation pooled,
                              List<Evaluation> perFold) {

    /** Mean and sample standard deviation over folds. */
    public record Estimate(double mean, double std) {
        static Estimate of(double[] values) {
            double mean = Arrays.stream(values).average().orElse(Double.NaN);
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            return new Estimate(mean, values.length > 1 ? Math.sqrt(squares / (values.length - 1)) : 0);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%.3f ± %.3f", mean, std);
        }
    }

    /** Called after each fold (for progress), with the fold number from 1 and its evaluation. */
    public interface FoldListener {
        void onFold(int fold, int folds, Evaluation evaluation);
    }

    public CrossValidation {
        perFold = List.copyOf(perFold);
    }

    /**
     * Runs k-fold cross-validation of {@code train} on {@code data}; k = min(maxFolds, examples of the
     * rarest label), at least 2.
     */
    public static CrossValidation run(LabeledData data, int maxFolds, long seed,
                                      Function<LabeledData, TextClassifier> train, FoldListener listener) {
        List<String> labels = data.labelSet();
        int k = folds(data, maxFolds);
        int[] fold = StratifiedFolds.assign(data.labels(), k, seed);
        Prediction[] outOfFold = new Prediction[data.size()];
        List<Evaluation> perFold = new ArrayList<>();
        double[] accuracy = new double[k];
        double[] f1 = new double[k];
        for (int f = 0; f < k; f++) {
            int[] held = StratifiedFolds.members(fold, f, true);
            LabeledData trainPart = data.select(toList(StratifiedFolds.members(fold, f, false)));
            LabeledData heldPart = data.select(toList(held));
            TextClassifier model = train.apply(trainPart);
            List<Prediction> predictions = model.predictAll(heldPart.texts());
            for (int i = 0; i < held.length; i++) {
                outOfFold[held[i]] = predictions.get(i);
            }
            Evaluation evaluation = Evaluation.of(labels, heldPart.labels(), predictions);
            perFold.add(evaluation);
            accuracy[f] = evaluation.accuracy();
            f1[f] = evaluation.macroF1();
            listener.onFold(f + 1, k, evaluation);
        }
        Evaluation pooled = Evaluation.of(labels, data.labels(), Arrays.asList(outOfFold));
        return new CrossValidation(k, data.size(), Estimate.of(accuracy), Estimate.of(f1), pooled, perFold);
    }

    /** k for {@code data}: min(maxFolds, examples of the rarest label), at least 2. */
    public static int folds(LabeledData data, int maxFolds) {
        Map<String, Integer> counts = new TreeMap<>();
        data.labels().forEach(l -> counts.merge(l, 1, Integer::sum));
        return StratifiedFolds.folds(Collections.min(counts.values()), maxFolds, data.size());
    }

    private static List<Integer> toList(int[] indexes) {
        return Arrays.stream(indexes).boxed().toList();
    }
}
