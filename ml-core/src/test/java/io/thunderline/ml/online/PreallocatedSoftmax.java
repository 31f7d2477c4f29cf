package io.thunderline.ml.online;

import io.thunderline.ml.text.SparseVector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The learner as it was before its weights were sized to the classes seen (every slot allocated up front, OSM2):
 * kept only as the reference the grown learner must match exactly. Copied from OnlineSoftmax at commit 7f3ce2a.
 */
final class PreallocatedSoftmax {

    private static final int MAGIC_V1 = 0x4F534D31; // "OSM1": feature-major, every slot active
    private static final int MAGIC = 0x4F534D32; // "OSM2": class-major, with the active class count
    private static final int HEADER_V1 = 24;
    private static final int HEADER_V2 = 28;
    private static final float EPSILON = 1e-8f;

    private final int dims;
    private final int classes;
    private final float learningRate;
    /** weights then biases: dims * classes + classes entries. */
    private final float[] parameters;
    private final float[] squaredGradients;
    private int activeClasses;
    private long examplesSeen;

    PreallocatedSoftmax(int dims, int classes, double learningRate) {
        this(dims, classes, 2, (float) learningRate, new float[dims * classes + classes],
                new float[dims * classes + classes], 0);
    }

    private PreallocatedSoftmax(int dims, int classes, int activeClasses, float learningRate, float[] parameters,
                          float[] squaredGradients, long seen) {
        if (dims < 1 || classes < 2) {
            throw new IllegalArgumentException("need dims >= 1 and classes >= 2");
        }
        if (activeClasses < 2 || activeClasses > classes) {
            throw new IllegalArgumentException("active classes " + activeClasses + " outside 2.." + classes);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive");
        }
        if (parameters.length != dims * classes + classes || squaredGradients.length != parameters.length) {
            throw new IllegalArgumentException("weight array does not match " + dims + " dims x " + classes + " classes");
        }
        this.dims = dims;
        this.classes = classes;
        this.activeClasses = activeClasses;
        this.learningRate = learningRate;
        this.parameters = parameters;
        this.squaredGradients = squaredGradients;
        this.examplesSeen = seen;
    }

    /**
     * The active slots of a model whose label vocabulary has {@code labelCount} labels (class id = position): what
     * a holder of bare weights (an agent) scores over, so it predicts as the trainer does.
     */
    public static int activeFor(int labelCount, int classes) {
        return Math.min(classes, Math.max(2, labelCount));
    }

    /** A prediction-only copy from a weight snapshot (e.g. on an agent that received an adapter). */
    public static PreallocatedSoftmax fromWeights(int dims, int classes, int activeClasses, float[] weights) {
        return new PreallocatedSoftmax(dims, classes, activeClasses, 1f, weights.clone(), new float[weights.length], 0);
    }

    /** Applies one window of examples, in order. */
    public void update(List<LabeledSparse> window) {
        float[] p = new float[classes];
        float[] error = new float[classes];
        int biasAt = dims * classes;
        for (LabeledSparse example : window) {
            int label = example.label();
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
            }
            activeClasses = Math.max(activeClasses, label + 1);
            int active = activeClasses;
            probabilities(parameters, dims, classes, active, example.features(), p);
            for (int k = 0; k < active; k++) {
                error[k] = p[k] - (k == label ? 1f : 0f);
            }
            SparseVector x = example.features();
            int[] idx = x.indices();
            float[] val = x.values();
            for (int k = 0; k < active; k++) {
                float e = error[k];
                if (e == 0) {
                    continue;
                }
                int row = k * dims;
                for (int i = 0; i < idx.length; i++) {
                    step(row + idx[i], e * val[i]);
                }
                step(biasAt + k, e);
            }
            examplesSeen++;
        }
    }

    private void step(int at, float gradient) {
        float g2 = squaredGradients[at] + gradient * gradient;
        squaredGradients[at] = g2;
        parameters[at] -= learningRate * gradient / ((float) Math.sqrt(g2) + EPSILON);
    }

    /** Class probabilities over every slot (0 for slots not active yet). */
    public double[] predictProba(SparseVector x) {
        return predictProba(parameters, dims, classes, activeClasses, x);
    }

    /** Class probabilities with the softmax over the first {@code active} slots (see {@link #activeFor}). */
    public double[] predictProba(SparseVector x, int active) {
        return predictProba(parameters, dims, classes, active, x);
    }

    /** {@link #predictProba(SparseVector, int)} over bare weights (what an agent holds). */
    public static double[] predictProba(float[] weights, int dims, int classes, int active, SparseVector x) {
        float[] p = new float[classes];
        probabilities(weights, dims, classes, active, x, p);
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

    /**
     * Softmax probabilities of {@code x} over the first {@code active} slots of a weight array laid out as
     * {@code w[k * dims + f]} with the biases last; the other slots get 0. Shared with agents that hold only the
     * weights, so both give bit-identical probabilities.
     */
    public static void probabilities(float[] weights, int dims, int classes, int active, SparseVector x, float[] out) {
        if (active < 1 || active > classes) {
            throw new IllegalArgumentException("active classes " + active + " outside 1.." + classes);
        }
        int[] idx = x.indices();
        float[] val = x.values();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= dims) {
                throw new IllegalArgumentException("feature " + idx[i] + " outside " + dims + " dims");
            }
        }
        int biasAt = dims * classes;
        for (int k = 0; k < active; k++) {
            int row = k * dims;
            float z = weights[biasAt + k];
            for (int i = 0; i < idx.length; i++) {
                z += val[i] * weights[row + idx[i]];
            }
            out[k] = z;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < active; k++) {
            max = Math.max(max, out[k]);
        }
        float sum = 0;
        for (int k = 0; k < active; k++) {
            out[k] = (float) Math.exp(out[k] - max);
            sum += out[k];
        }
        for (int k = 0; k < active; k++) {
            out[k] /= sum;
        }
        for (int k = active; k < classes; k++) {
            out[k] = 0f;
        }
    }

    /** A copy of the weights and biases: what an adapter or an agent needs. */
    public float[] snapshotWeights() {
        return parameters.clone();
    }

    /** Full state (weights, AdaGrad history, counters) so training can resume after a restart. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_V2 + 8 * parameters.length);
        buffer.putInt(MAGIC).putInt(dims).putInt(classes).putInt(activeClasses).putFloat(learningRate).putLong(examplesSeen);
        buffer.asFloatBuffer().put(parameters).put(squaredGradients);
        return buffer.array();
    }

    /**
     * The bytes of {@link #toBytes()}, written in 64 KiB pieces: a compressor fed this way never needs the whole state
     * (32 MiB for 2^18 x 16) in one array, which every snapshot would otherwise allocate.
     */
    public void writeTo(OutputStream out) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        chunk.putInt(MAGIC).putInt(dims).putInt(classes).putInt(activeClasses).putFloat(learningRate).putLong(examplesSeen);
        out.write(chunk.array(), 0, chunk.position());
        for (float[] part : new float[][]{parameters, squaredGradients}) {
            for (int at = 0; at < part.length; ) {
                int n = Math.min(part.length - at, chunk.capacity() / Float.BYTES);
                chunk.clear();
                chunk.asFloatBuffer().put(part, at, n);
                out.write(chunk.array(), 0, n * Float.BYTES);
                at += n;
            }
        }
    }

    public static PreallocatedSoftmax fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int magic = bytes.length < HEADER_V1 ? 0 : buffer.getInt();
        if (magic != MAGIC && magic != MAGIC_V1) {
            throw new IllegalArgumentException("not an PreallocatedSoftmax snapshot");
        }
        int dims = buffer.getInt();
        int classes = buffer.getInt();
        int active = magic == MAGIC ? buffer.getInt() : classes;
        float learningRate = buffer.getFloat();
        long seen = buffer.getLong();
        long size = (long) dims * classes + classes;
        int header = magic == MAGIC ? HEADER_V2 : HEADER_V1;
        if (dims < 1 || classes < 2 || bytes.length != header + 8 * size) {
            throw new IllegalArgumentException("PreallocatedSoftmax snapshot has the wrong size for " + dims + "x" + classes);
        }
        float[] parameters = new float[(int) size];
        float[] squared = new float[(int) size];
        buffer.asFloatBuffer().get(parameters).get(squared);
        if (magic == MAGIC_V1) {
            parameters = classMajor(parameters, dims, classes);
            squared = classMajor(squared, dims, classes);
        }
        return new PreallocatedSoftmax(dims, classes, active, learningRate, parameters, squared, seen);
    }

    /** OSM1's feature-major weights ({@code w[f * classes + k]}) in today's class-major order; biases stay last. */
    private static float[] classMajor(float[] featureMajor, int dims, int classes) {
        float[] out = new float[featureMajor.length];
        for (int f = 0; f < dims; f++) {
            for (int k = 0; k < classes; k++) {
                out[k * dims + f] = featureMajor[f * classes + k];
            }
        }
        System.arraycopy(featureMajor, dims * classes, out, dims * classes, classes);
        return out;
    }

    public int dims() {
        return dims;
    }

    public int classes() {
        return classes;
    }

    /** Slots in the softmax: 2 until a higher label has been learned. */
    public int activeClasses() {
        return activeClasses;
    }

    public long examplesSeen() {
        return examplesSeen;
    }
}
