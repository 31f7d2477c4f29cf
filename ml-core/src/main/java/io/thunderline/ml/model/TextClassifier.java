package io.thunderline.ml.model;

import io.thunderline.ml.embed.SentenceEncoder;
import io.thunderline.ml.eval.Metrics;
import io.thunderline.ml.nas.Scoring;
import io.thunderline.ml.nn.Matrix;
import io.thunderline.ml.nn.Network;
import io.thunderline.ml.nn.Softmax;
import io.thunderline.ml.nn.SparseBatch;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.ml.text.TextFeaturizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained text classifier: featuriser + network + label names, plus its provenance
 * (where it came from: data size, search settings, seed) and, when the network reads sentence
 * vectors, the pretrained encoder that makes them. Thread-safe for prediction.
 */
public final class TextClassifier implements TrainedModel {

    private final TextFeaturizer featurizer;
    private final Network network;
    private final List<String> labels;
    private final Map<String, String> provenance;
    private final SentenceEncoder encoder;
    private final double[] decisionBias;

    public TextClassifier(TextFeaturizer featurizer, Network network, List<String> labels, Map<String, String> provenance) {
        this(featurizer, network, labels, provenance, null, null);
    }

    public TextClassifier(TextFeaturizer featurizer, Network network, List<String> labels, Map<String, String> provenance,
                          SentenceEncoder encoder) {
        this(featurizer, network, labels, provenance, encoder, null);
    }

    /**
     * {@code encoder} is required exactly when the network reads sentence vectors; {@code decisionBias} (may be
     * null) is added to the log-probabilities of each class ({@link io.thunderline.ml.nas.DecisionBias}).
     */
    public TextClassifier(TextFeaturizer featurizer, Network network, List<String> labels, Map<String, String> provenance,
                          SentenceEncoder encoder, double[] decisionBias) {
        if (decisionBias != null && decisionBias.length != labels.size()) {
            throw new IllegalArgumentException(decisionBias.length + " decision offsets for " + labels.size() + " labels");
        }
        this.decisionBias = decisionBias == null ? null : decisionBias.clone();
        int denseDims = network.architecture().denseDims();
        if (denseDims > 0 && encoder == null) {
            throw new IllegalArgumentException("the network reads sentence vectors but no encoder was given");
        }
        if (denseDims > 0 && encoder.dimensions() != denseDims) {
            throw new IllegalArgumentException("the network reads " + denseDims + "-dim sentence vectors, the encoder makes "
                    + encoder.dimensions());
        }
        this.encoder = denseDims > 0 ? encoder : null;
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
        float[][] dense = encoder == null ? null : encoder.encodeAll(List.of(text));
        Matrix p = Softmax.rows(network.forward(SparseBatch.of(List.of(x), dense), false));
        return toPrediction(p.row(0));
    }

    /** Predicts many texts at once (featurisation and the network both use all cores). */
    public List<Prediction> predictAll(List<String> texts) {
        float[][] dense = encoder == null ? null : encoder.encodeAll(texts);
        double[][] p = Scoring.probabilities(network, featurizer.transformAll(texts), dense);
        List<Prediction> out = new ArrayList<>(p.length);
        for (double[] row : p) {
            out.add(toPrediction(row));
        }
        return out;
    }

    private Prediction toPrediction(double[] raw) {
        double[] p = io.thunderline.ml.nas.DecisionBias.apply(raw, decisionBias);
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int c = 0; c < p.length; c++) {
            byLabel.put(labels.get(c), p[c]);
        }
        int best = Metrics.argmax(p);
        return new Prediction(labels.get(best), p[best], byLabel);
    }

    /** The same model predicting through {@code other} (same weights, e.g. without a training-time cache). */
    public TextClassifier withEncoder(SentenceEncoder other) {
        return new TextClassifier(featurizer, network, labels, provenance, other, decisionBias);
    }

    /** Per-class decision offsets, or null. */
    public double[] decisionBias() {
        return decisionBias == null ? null : decisionBias.clone();
    }

    /** The pretrained encoder the network reads, or null when it reads only hashed n-grams. */
    public SentenceEncoder encoder() {
        return encoder;
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
