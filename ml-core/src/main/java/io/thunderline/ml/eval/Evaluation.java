package io.thunderline.ml.eval;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.data.StratifiedSplit;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.model.TextClassifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Held-out quality of a classifier: mean cross-entropy loss, accuracy, macro F1, per-class
 * precision/recall/F1 and the confusion matrix (rows = actual, columns = predicted, in
 * {@code labels} order).
 */
public record Evaluation(List<String> labels, int examples, double loss, double accuracy, double macroF1,
                         Map<String, ClassMetrics> perClass, int[][] confusion) {

    /** Precision, recall and F1 of one class, with its number of actual examples. */
    public record ClassMetrics(double precision, double recall, double f1, int support) {
    }

    public Evaluation {
        labels = List.copyOf(labels);
        perClass = Map.copyOf(perClass);
        confusion = Arrays.stream(confusion).map(int[]::clone).toArray(int[][]::new);
    }

    public static Evaluation evaluate(TextClassifier model, LabeledData data) {
        return of(model.labels(), data.labels(), model.predictAll(data.texts()));
    }

    /** Scores predictions against the actual labels; unknown actual labels are an error. */
    public static Evaluation of(List<String> labels, List<String> actual, List<Prediction> predictions) {
        if (actual.size() != predictions.size()) {
            throw new IllegalArgumentException(actual.size() + " labels but " + predictions.size() + " predictions");
        }
        int[] y = new int[actual.size()];
        int[] yHat = new int[actual.size()];
        double loss = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = indexOf(labels, actual.get(i));
            yHat[i] = indexOf(labels, predictions.get(i).label());
            Double p = predictions.get(i).probabilities().get(actual.get(i));
            loss -= Math.log(Math.max(p == null ? 0 : p, 1e-12));
        }
        int[][] confusion = Metrics.confusion(y, yHat, labels.size());
        double[] precision = Metrics.precision(confusion);
        double[] recall = Metrics.recall(confusion);
        double[] f1 = Metrics.f1(confusion);
        Map<String, ClassMetrics> perClass = new LinkedHashMap<>();
        for (int c = 0; c < labels.size(); c++) {
            perClass.put(labels.get(c), new ClassMetrics(precision[c], recall[c], f1[c], Arrays.stream(confusion[c]).sum()));
        }
        return new Evaluation(labels, y.length, y.length == 0 ? 0 : loss / y.length, Metrics.accuracy(y, yHat),
                Metrics.macroF1(y, yHat, labels.size()), perClass, confusion);
    }

    /** Stratified held-out split (fraction per label, fixed seed): train on one part, evaluate on the other. */
    public static StratifiedSplit.Parts stratifiedSplit(LabeledData data, double heldOutFraction, long seed) {
        return StratifiedSplit.split(data, heldOutFraction, seed);
    }

    private static int indexOf(List<String> labels, String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("label '" + label + "' is not one of " + labels);
        }
        return i;
    }

    @Override
    public int[][] confusion() {
        return Arrays.stream(confusion).map(int[]::clone).toArray(int[][]::new);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && labels.equals(e.labels) && examples == e.examples
                && Double.compare(loss, e.loss) == 0 && Double.compare(accuracy, e.accuracy) == 0
                && Double.compare(macroF1, e.macroF1) == 0 && perClass.equals(e.perClass)
                && Arrays.deepEquals(confusion, e.confusion);
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + Arrays.deepHashCode(confusion);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Evaluation[n=%d, loss=%.4f, accuracy=%.4f, macroF1=%.4f]",
                examples, loss, accuracy, macroF1);
    }
}
