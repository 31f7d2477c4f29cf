package io.thunderline.ml.model;

import io.thunderline.ml.eval.Metrics;
import io.thunderline.ml.nas.Scoring;
import io.thunderline.ml.nn.Matrix;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.Softmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.ml.text.TextFeaturizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained text classifier: featuriser + network + label names, plus its provenance
 * (where it came from: data size, search settings, seed). Thread-safe for prediction.
 */
public final class TextClassifier implements TrainedModel {

    private final TextFeaturizer featurizer;
    private final Network network;
    private final List<String> labels;
    private final Map<String, String> provenance;

    public TextClassifier(TextFeaturizer featurizer, Network network, List<String> labels, Map<String, String> provenance) {
        if (labels.size() != network.architecture().classes()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + network.architecture().classes() + " classes");
        }
        if (featurizer.dimensions() != network.architecture().inputDims()) {
            throw new IllegalArgumentException("featuriser and network disagree on input dimensions");
        }
        this.featurizer = featurizer;
        this.network = network;
        this.labels = List.copyOf(labels);
        this.provenance = Map.copyOf(provenance);
    }

    public Prediction predict(String text) {
        SparseVector x = featurizer.transform(text);
        Matrix p = Softmax.rows(network.forward(List.of(x), false));
        return toPrediction(p.row(0));
    }

    /** Predicts many texts at once (featurisation and the network both use all cores). */
    public List<Prediction> predictAll(List<String> texts) {
        double[][] p = Scoring.probabilities(network, featurizer.transformAll(texts));
        List<Prediction> out = new ArrayList<>(p.length);
        for (double[] row : p) {
            out.add(toPrediction(row));
        }
        return out;
    }

    private Prediction toPrediction(double[] p) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int c = 0; c < p.length; c++) {
            byLabel.put(labels.get(c), p[c]);
        }
        int best = Metrics.argmax(p);
        return new Prediction(labels.get(best), p[best], byLabel);
    }

    public TextFeaturizer featurizer() {
        return featurizer;
    }

    public Network network() {
        return network;
    }

    public List<String> labels() {
        return labels;
    }

    @Override
    public Map<String, String> provenance() {
        return provenance;
    }

    public String architectureDescription() {
        return network.architecture().describe();
    }
}
