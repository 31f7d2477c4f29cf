package io.thunderline.agent;

import io.thunderline.ml.online.AdapterDelta;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;

/**
 * The prediction side of ml-core's {@code OnlineSoftmax}, over one weight array that adapters update in place: no
 * AdaGrad history and no copy per adapter, so an agent holds one float per weight. Scores with
 * {@code OnlineSoftmax.probabilities}, so an agent and upm-service give bit-identical probabilities.
 * Not thread-safe: {@link FamilyModel} guards it.
 */
final class SoftmaxWeights {
    private final int dims;
    private final int classes;
    private final float[] weights;

    SoftmaxWeights(int dims, int classes, float[] weights) {
        if (weights.length != AdapterPayload.weightCount(dims, classes)) {
            throw new IllegalArgumentException("weight array does not match " + dims + " dims x " + classes + " classes");
        }
        this.dims = dims;
        this.classes = classes;
        this.weights = weights;
    }

    static SoftmaxWeights zeros(int dims, int classes) {
        return new SoftmaxWeights(dims, classes, new float[AdapterPayload.weightCount(dims, classes)]);
    }

    int dims() {
        return dims;
    }

    int classes() {
        return classes;
    }

    /** Applies changed weights in place (an adapter delta stores new values, not differences). */
    void apply(AdapterDelta delta) {
        if (delta.length() != weights.length) {
            throw new IllegalArgumentException("delta is for " + delta.length() + " weights, model has " + weights.length);
        }
        int[] at = delta.indices();
        float[] values = delta.values();
        for (int i = 0; i < at.length; i++) {
            weights[at[i]] = values[i];
        }
    }

    void replace(float[] all) {
        System.arraycopy(all, 0, weights, 0, weights.length);
    }

    void clear() {
        java.util.Arrays.fill(weights, 0f);
    }

    String sha256() {
        return Checksums.sha256(weights);
    }

    double[] predictProba(SparseVector x) {
        return OnlineSoftmax.predictProba(weights, dims, classes, x);
    }
}
