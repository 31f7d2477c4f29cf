package io.thunderline.ml.nn;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter): the decay shrinks weights
 * directly instead of being mixed into the gradient, so it is not rescaled by Adam.
 */
public final class AdamW {

    private final double learningRate;
    private final double weightDecay;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long step;

    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, weightDecay, 0.9, 0.999, 1e-7);
    }

    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    /** One optimisation step over dense parameters and the row-sparse layers (updated lazily, touched rows only). */
    public void step(List<Parameter> parameters, List<SparseEmbedding> sparseLayers) {
        step++;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        for (Parameter p : parameters) {
            update(p.value(), p.grad(), p.firstMoment(), p.secondMoment(), 0, 0, p.size(),
                    p.decayed(), correction1, correction2);
        }
        for (SparseEmbedding layer : sparseLayers) {
            layer.applyUpdate(this, correction1, correction2);
        }
    }

    /** Updates value[valueOffset, +length) from grad[gradOffset, +length); moments share value's layout. */
    void update(double[] value, double[] grad, double[] m, double[] v, int valueOffset, int gradOffset, int length,
                boolean decayed, double correction1, double correction2) {
        double decay = decayed ? 1 - learningRate * weightDecay : 1;
        for (int i = 0; i < length; i++) {
            int at = valueOffset + i;
            double g = grad[gradOffset + i];
            m[at] = beta1 * m[at] + (1 - beta1) * g;
            v[at] = beta2 * v[at] + (1 - beta2) * g * g;
            double mHat = m[at] / correction1;
            double vHat = v[at] / correction2;
            value[at] = value[at] * decay - learningRate * mHat / (Math.sqrt(vHat) + epsilon);
        }
    }

    /** Float32 variant for the sparse embedding rows; always decayed (they are weights). */
    void update(float[] value, float[] grad, float[] m, float[] v, int valueOffset, int gradOffset, int length,
                double correction1, double correction2) {
        float decay = (float) (1 - learningRate * weightDecay);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float stepSize = (float) (learningRate / correction1);
        float inverseCorrection2 = (float) (1 / correction2);
        float eps = (float) epsilon;
        for (int i = 0; i < length; i++) {
            int at = valueOffset + i;
            float g = grad[gradOffset + i];
            m[at] = b1 * m[at] + (1 - b1) * g;
            v[at] = b2 * v[at] + (1 - b2) * g * g;
            value[at] = value[at] * decay - stepSize * m[at] / ((float) Math.sqrt(v[at] * inverseCorrection2) + eps);
        }
    }

    public long steps() {
        return step;
    }
}
