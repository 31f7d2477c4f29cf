package io.thunderline.ml.nas;

import io.thunderline.ml.eval.Metrics;
import io.thunderline.ml.nn.Matrix;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.Softmax;
import io.thunderline.ml.nn.SparseBatch;
import io.thunderline.ml.text.SparseVector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Inference-mode loss, accuracy and macro F1 of a network on encoded data. */
public final class Scoring {

    static final int CHUNK = 512;

    private Scoring() {
    }

    public static Map<String, Double> score(Network network, BatchPlan data, String prefix) {
        return metrics(probabilities(network, data), network.architecture().classes(), prefix);
    }

    /** Loss, accuracy and macro F1 of scored examples. */
    static Map<String, Double> metrics(TrainingOutcome.HeldOut scored, int classes, String prefix) {
        int n = scored.labels().length;
        int[] actual = scored.labels();
        int[] predicted = new int[n];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double[] row = scored.probabilities()[i];
            predicted[i] = Metrics.argmax(row);
            loss -= Math.log(Math.max(row[actual[i]], 1e-12));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "loss", n == 0 ? 0 : loss / n);
        metrics.put(prefix + "accuracy", Metrics.accuracy(actual, predicted));
        metrics.put(prefix + "f1", Metrics.macroF1(actual, predicted, classes));
        return metrics;
    }

    /** Class probabilities of every example of a plan, in plan order, with their class ids. */
    static TrainingOutcome.HeldOut probabilities(Network network, BatchPlan data) {
        double[][] out = new double[data.examples()][];
        int[] labels = new int[data.examples()];
        int at = 0;
        for (BatchPlan.Batch batch : data.batches()) {
            Matrix p = Softmax.rows(network.forward(batch.features(), false));
            for (int r = 0; r < batch.labels().length; r++, at++) {
                out[at] = p.row(r);
                labels[at] = batch.labels()[r];
            }
        }
        return new TrainingOutcome.HeldOut(out, labels);
    }

    /** Class probabilities for every example, computed in chunks in inference mode. */
    public static double[][] probabilities(Network network, List<SparseVector> features) {
        return probabilities(network, features, null);
    }

    /** The same with each example's sentence vector ({@code dense} may be null when the network reads none). */
    public static double[][] probabilities(Network network, List<SparseVector> features, float[][] dense) {
        double[][] out = new double[features.size()][];
        for (int start = 0; start < features.size(); start += CHUNK) {
            int end = Math.min(features.size(), start + CHUNK);
            float[][] denseChunk = dense == null ? null : java.util.Arrays.copyOfRange(dense, start, end);
            Matrix p = Softmax.rows(network.forward(SparseBatch.of(features.subList(start, end), denseChunk), false));
            for (int r = 0; r < end - start; r++) {
                out[start + r] = p.row(r);
            }
        }
        return out;
    }
}
