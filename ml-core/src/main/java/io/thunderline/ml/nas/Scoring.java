package io.thunderline.ml.nas;

import io.thunderline.ml.eval.Metrics;
import io.thunderline.ml.nn.Matrix;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.Softmax;
import io.thunderline.ml.text.SparseVector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Inference-mode loss, accuracy and macro F1 of a network on encoded data. */
public final class Scoring {

    private static final int CHUNK = 512;

    private Scoring() {
    }

    public static Map<String, Double> score(Network network, EncodedData data, String prefix) {
        double[][] p = probabilities(network, data.features());
        int[] predicted = new int[p.length];
        double loss = 0;
        for (int i = 0; i < p.length; i++) {
            predicted[i] = Metrics.argmax(p[i]);
            loss -= Math.log(Math.max(p[i][data.labels()[i]], 1e-12));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(prefix + "loss", p.length == 0 ? 0 : loss / p.length);
        metrics.put(prefix + "accuracy", Metrics.accuracy(data.labels(), predicted));
        metrics.put(prefix + "f1", Metrics.macroF1(data.labels(), predicted, network.architecture().classes()));
        return metrics;
    }

    /** Class probabilities for every example, computed in chunks in inference mode. */
    public static double[][] probabilities(Network network, List<SparseVector> features) {
        double[][] out = new double[features.size()][];
        for (int start = 0; start < features.size(); start += CHUNK) {
            int end = Math.min(features.size(), start + CHUNK);
            Matrix p = Softmax.rows(network.forward(features.subList(start, end), false));
            for (int r = 0; r < end - start; r++) {
                out[start + r] = p.row(r);
            }
        }
        return out;
    }
}
