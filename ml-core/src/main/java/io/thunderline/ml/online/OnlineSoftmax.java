package io.thunderline.ml.online;

import io.thunderline.ml.text.SparseVector;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Multiclass softmax regression over hashed sparse features, trained one window at a time by
 * per-coordinate AdaGrad (each weight's step shrinks with its own gradient history, so rare
 * features still learn fast). Examples are applied in window order, so the same windows always
 * give bit-identical weights. Not thread-safe for updates; predictions may run concurrently
 * with each other.
 *
 * <p>Weights are laid out feature-major ({@code w[f * classes + k]}) so one sparse feature
 * touches one contiguous block; the class biases follow the weights.
 */
public final class OnlineSoftmax {

    private static final int MAGIC = 0x4F534D31; // "OSM1"
    private static final float EPSILON = 1e-8f;

    private final int dims;
    private final int classes;
    private final float learningRate;
    /** weights then biases: dims * classes + classes entries. */
    private final float[] parameters;
    private final float[] squaredGradients;
    private long examplesSeen;

    public OnlineSoftmax(int dims, int classes, double learningRate) {
        this(dims, classes, (float) learningRate, new float[dims * classes + classes], new float[dims * classes + classes], 0);
    }

    private OnlineSoftmax(int dims, int classes, float learningRate, float[] parameters, float[] squaredGradients, long seen) {
        if (dims < 1 || classes < 2) {
            throw new IllegalArgumentException("need dims >= 1 and classes >= 2");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive");
        }
        if (parameters.length != dims * classes + classes || squaredGradients.length != parameters.length) {
            throw new IllegalArgumentException("weight array does not match " + dims + " dims x " + classes + " classes");
        }
        this.dims = dims;
        this.classes = classes;
        this.learningRate = learningRate;
        this.parameters = parameters;
        this.squaredGradients = squaredGradients;
        this.examplesSeen = seen;
    }

    /** A prediction-only copy from a weight snapshot (e.g. on an agent that received an adapter). */
    public static OnlineSoftmax fromWeights(int dims, int classes, float[] weights) {
        return new OnlineSoftmax(dims, classes, 1f, weights.clone(), new float[weights.length], 0);
    }

    /** Applies one window of examples, in order. */
    public void update(List<LabeledSparse> window) {
        float[] p = new float[classes];
        for (LabeledSparse example : window) {
            if (example.label() < 0 || example.label() >= classes) {
                throw new IllegalArgumentException("label " + example.label() + " outside 0.." + (classes - 1));
            }
            probabilities(example.features(), p);
            SparseVector x = example.features();
            int[] idx = x.indices();
            float[] val = x.values();
            for (int k = 0; k < classes; k++) {
                float error = p[k] - (k == example.label() ? 1f : 0f);
                if (error == 0) {
                    continue;
                }
                for (int i = 0; i < idx.length; i++) {
                    step(idx[i] * classes + k, error * val[i]);
                }
                step(dims * classes + k, error);
            }
            examplesSeen++;
        }
    }

    private void step(int at, float gradient) {
        float g2 = squaredGradients[at] + gradient * gradient;
        squaredGradients[at] = g2;
        parameters[at] -= learningRate * gradient / ((float) Math.sqrt(g2) + EPSILON);
    }

    public double[] predictProba(SparseVector x) {
        return predictProba(parameters, dims, classes, x);
    }

    /** {@link #predictProba(SparseVector)} over bare weights (what an agent holds). */
    public static double[] predictProba(float[] weights, int dims, int classes, SparseVector x) {
        float[] p = new float[classes];
        probabilities(weights, dims, classes, x, p);
        double[] out = new double[classes];
        for (int k = 0; k < classes; k++) {
            out[k] = p[k];
        }
        return out;
    }

    public int predict(SparseVector x) {
        double[] p = predictProba(x);
        int best = 0;
        for (int k = 1; k < classes; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    private void probabilities(SparseVector x, float[] out) {
        probabilities(parameters, dims, classes, x, out);
    }

    /**
     * Softmax probabilities of {@code x} over a weight array laid out as {@code w[f * classes + k]} with the biases
     * last. Shared with agents that hold only the weights, so both give bit-identical probabilities.
     */
    public static void probabilities(float[] weights, int dims, int classes, SparseVector x, float[] out) {
        int[] idx = x.indices();
        float[] val = x.values();
        int biasAt = dims * classes;
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            float z = weights[biasAt + k];
            for (int i = 0; i < idx.length; i++) {
                if (idx[i] >= dims) {
                    throw new IllegalArgumentException("feature " + idx[i] + " outside " + dims + " dims");
                }
                z += val[i] * weights[idx[i] * classes + k];
            }
            out[k] = z;
            max = Math.max(max, z);
        }
        float sum = 0;
        for (int k = 0; k < classes; k++) {
            out[k] = (float) Math.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < classes; k++) {
            out[k] /= sum;
        }
    }

    /** A copy of the weights and biases: what an adapter or an agent needs. */
    public float[] snapshotWeights() {
        return parameters.clone();
    }

    /** Full state (weights, AdaGrad history, counters) so training can resume after a restart. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + 4 + 4 + 8 + 8 * parameters.length);
        buffer.putInt(MAGIC).putInt(dims).putInt(classes).putFloat(learningRate).putLong(examplesSeen);
        buffer.asFloatBuffer().put(parameters).put(squaredGradients);
        return buffer.array();
    }

    public static OnlineSoftmax fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 24 || buffer.getInt() != MAGIC) {
            throw new IllegalArgumentException("not an OnlineSoftmax snapshot");
        }
        int dims = buffer.getInt();
        int classes = buffer.getInt();
        float learningRate = buffer.getFloat();
        long seen = buffer.getLong();
        long size = (long) dims * classes + classes;
        if (dims < 1 || classes < 2 || bytes.length != 24 + 8 * size) {
            throw new IllegalArgumentException("OnlineSoftmax snapshot has the wrong size for " + dims + "x" + classes);
        }
        float[] parameters = new float[(int) size];
        float[] squared = new float[(int) size];
        buffer.asFloatBuffer().get(parameters).get(squared);
        return new OnlineSoftmax(dims, classes, learningRate, parameters, squared, seen);
    }

    public int dims() {
        return dims;
    }

    public int classes() {
        return classes;
    }

    public long examplesSeen() {
        return examplesSeen;
    }
}
