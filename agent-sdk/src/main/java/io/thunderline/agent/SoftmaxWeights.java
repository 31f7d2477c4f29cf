package io.thunderline.agent;

import io.thunderline.ml.online.AdapterDelta;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.wire.AdapterPayload;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.WeightsDigest;

/**
 * The prediction side of ml-core's {@code OnlineSoftmax}, over one weight array that adapters update in place: no
 * AdaGrad history and no copy per adapter, so an agent holds one float per weight. Scores with
 * {@code OnlineSoftmax.probabilities}, so an agent and upm-service give bit-identical probabilities. Keeps the
 * {@link WeightsDigest} of what it holds up to date as adapters change it (O(changed weights)).
 * Not thread-safe: {@link FamilyModel} guards it.
 */
final class SoftmaxWeights {
    private final int dims;
    private final int classes;
    private final float[] weights;
    private long digest;

    SoftmaxWeights(int dims, int classes, float[] weights) {
        this(dims, classes, weights, WeightsDigest.of(weights));
    }

    private SoftmaxWeights(int dims, int classes, float[] weights, long digest) {
        if (weights.length != AdapterPayload.weightCount(dims, classes)) {
            throw new IllegalArgumentException("weight array does not match " + dims + " dims x " + classes + " classes");
        }
        this.dims = dims;
        this.classes = classes;
        this.weights = weights;
        this.digest = digest;
    }

    static SoftmaxWeights zeros(int dims, int classes) {
        return new SoftmaxWeights(dims, classes, new float[AdapterPayload.weightCount(dims, classes)], 0);
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
        digest = WeightsDigest.afterDelta(digest, weights, delta);
        int[] at = delta.indices();
        float[] values = delta.values();
        for (int i = 0; i < at.length; i++) {
            weights[at[i]] = values[i];
        }
    }

    void replace(float[] all) {
        System.arraycopy(all, 0, weights, 0, weights.length);
        digest = WeightsDigest.of(weights);
    }

    void clear() {
        java.util.Arrays.fill(weights, 0f);
        digest = 0;
    }

    long digest() {
        return digest;
    }

    String sha256() {
        return Checksums.sha256(weights);
    }

    /** Probabilities over the slots of the {@code labelCount} known labels (the trainer's active slots). */
    double[] predictProba(SparseVector x, int labelCount) {
        return OnlineSoftmax.predictProba(weights, dims, classes, OnlineSoftmax.activeFor(labelCount, classes), x);
    }
}
