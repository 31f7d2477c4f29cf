package io.thunderline.ml.online;

import io.thunderline.ml.text.SparseVector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Multiclass softmax regression over hashed sparse features, trained one window at a time by
 * per-coordinate AdaGrad (each weight's step shrinks with its own gradient history, so rare
 * features still learn fast). Examples are applied in window order, so the same windows always
 * give bit-identical weights. Not thread-safe for updates; predictions may run concurrently
 * with each other.
 *
 * <p>{@code classes} is the capacity: the most labels the model may ever learn. The weight arrays are sized to the
 * classes <em>seen</em>, not to the capacity: they hold {@code stored} class rows, 2 at first, and grow (a copy, once
 * per new label) when a higher label is learned. Weights are laid out class-major ({@code w[k * dims + f]}) with the
 * {@code stored} class biases after them — exactly the layout of a model created with {@code stored} classes, which is
 * what {@link #snapshotWeights()} hands out and what an agent holds. The softmax runs over the <em>active</em> slots
 * (the labels learned; never more than stored for a model trained here); a slot asked for beyond the stored rows
 * (a vocabulary label not learned yet) scores a logit of 0, as an all-zero row would.
 *
 * <p>The arithmetic is the same as when every slot was allocated up front (the active slots were the only ones
 * touched then too), so a grown model gives bit-identical weights and probabilities to that one.
 */
public final class OnlineSoftmax {

    private static final int MAGIC_V1 = 0x4F534D31; // "OSM1": feature-major, every slot stored and active
    private static final int MAGIC_V2 = 0x4F534D32; // "OSM2": class-major, every slot stored, with the active count
    private static final int MAGIC = 0x4F534D33; // "OSM3": class-major, only the stored (seen) class rows
    private static final int HEADER_V1 = 24;
    private static final int HEADER_V2 = 28;
    private static final int HEADER_V3 = 32;
    private static final float EPSILON = 1e-8f;
    private static final int INITIAL_CLASSES = 2;

    private final int dims;
    private final int classes;
    private final float learningRate;
    /** class rows held: parameters has dims * stored + stored entries. */
    private int stored;
    /** weights then biases: dims * stored + stored entries. */
    private float[] parameters;
    private float[] squaredGradients;
    private int activeClasses;
    private long examplesSeen;

    public OnlineSoftmax(int dims, int classes, double learningRate) {
        this(dims, classes, INITIAL_CLASSES, INITIAL_CLASSES, (float) learningRate,
                new float[checkedSize(dims, INITIAL_CLASSES)], new float[checkedSize(dims, INITIAL_CLASSES)], 0);
    }

    private OnlineSoftmax(int dims, int classes, int stored, int activeClasses, float learningRate, float[] parameters,
                          float[] squaredGradients, long seen) {
        if (dims < 1 || classes < 2) {
            throw new IllegalArgumentException("need dims >= 1 and classes >= 2");
        }
        if (stored < 2 || stored > classes) {
            throw new IllegalArgumentException("stored classes " + stored + " outside 2.." + classes);
        }
        if (activeClasses < 2 || activeClasses > stored) {
            throw new IllegalArgumentException("active classes " + activeClasses + " outside 2.." + stored);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive");
        }
        if (parameters.length != checkedSize(dims, stored) || squaredGradients.length != parameters.length) {
            throw new IllegalArgumentException("weight array does not match " + dims + " dims x " + stored + " classes");
        }
        this.dims = dims;
        this.classes = classes;
        this.stored = stored;
        this.activeClasses = activeClasses;
        this.learningRate = learningRate;
        this.parameters = parameters;
        this.squaredGradients = squaredGradients;
        this.examplesSeen = seen;
    }

    private static int checkedSize(int dims, int rows) {
        long n = (long) dims * rows + rows;
        if (dims < 1 || n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(dims + " dims x " + rows + " classes is too large a model");
        }
        return (int) n;
    }

    /**
     * The active slots of a model whose label vocabulary has {@code labelCount} labels (class id = position): what
     * a holder of bare weights (an agent) scores over, so it predicts as the trainer does.
     */
    public static int activeFor(int labelCount, int classes) {
        return Math.min(classes, Math.max(2, labelCount));
    }

    /**
     * A prediction-only copy from a weight snapshot (e.g. on an agent that received an adapter): {@code weights} holds
     * {@code classes} class rows then their biases.
     */
    public static OnlineSoftmax fromWeights(int dims, int classes, int activeClasses, float[] weights) {
        return new OnlineSoftmax(dims, classes, classes, activeClasses, 1f, weights.clone(), new float[weights.length], 0);
    }

    /** Applies one window of examples, in order. */
    public void update(List<LabeledSparse> window) {
        float[] p = new float[classes];
        for (LabeledSparse example : window) {
            learn(example.features(), example.label(), p, false);
        }
    }

    /**
     * Progressive validation of one example in one pass: returns what {@link #predictProba(SparseVector, int)} with
     * {@code scoredActive} returns before learning, then learns {@code (x, label)} exactly as {@link #update} does. When
     * the scored slots are the slots the update uses (the usual case: every label of the vocabulary learned), the
     * logits are computed once instead of twice.
     */
    public double[] predictThenUpdate(SparseVector x, int label, int scoredActive) {
        if (scoredActive < 1 || scoredActive > classes) {
            throw new IllegalArgumentException("active classes " + scoredActive + " outside 1.." + classes);
        }
        checkLabel(label);
        float[] p = new float[Math.max(classes, stored)];
        probabilities(parameters, dims, stored, scoredActive, x, p);
        double[] out = new double[classes];
        for (int k = 0; k < scoredActive; k++) {
            out[k] = p[k];
        }
        // the update's slots once this label is learned; rows beyond those stored score 0 either way
        boolean same = scoredActive == Math.max(activeClasses, label + 1);
        learn(x, label, p, same);
        return out;
    }

    private void checkLabel(int label) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
        }
    }

    /** One AdaGrad step on (x, label); {@code p} holds its probabilities over the update's slots when {@code scored}. */
    private void learn(SparseVector x, int label, float[] p, boolean scored) {
        checkLabel(label);
        if (label >= stored) {
            grow(label + 1);
        }
        activeClasses = Math.max(activeClasses, label + 1);
        int active = activeClasses;
        int biasAt = dims * stored;
        if (!scored) {
            probabilities(parameters, dims, stored, active, x, p);
        }
        int[] idx = x.indices();
        float[] val = x.values();
        for (int k = 0; k < active; k++) {
            float e = p[k] - (k == label ? 1f : 0f);
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

    private void step(int at, float gradient) {
        float g2 = squaredGradients[at] + gradient * gradient;
        squaredGradients[at] = g2;
        parameters[at] -= learningRate * gradient / ((float) Math.sqrt(g2) + EPSILON);
    }

    /** Makes room for {@code rows} class rows: the weights of the rows held are copied, the biases move behind them. */
    private void grow(int rows) {
        parameters = resized(parameters, dims, stored, rows);
        squaredGradients = resized(squaredGradients, dims, stored, rows);
        stored = rows;
    }

    /** {@code from} (dims x held rows, then held biases) as dims x rows: rows beyond the held ones are zero or dropped. */
    private static float[] resized(float[] from, int dims, int held, int rows) {
        float[] to = new float[checkedSize(dims, rows)];
        int kept = Math.min(held, rows);
        System.arraycopy(from, 0, to, 0, dims * kept);
        System.arraycopy(from, dims * held, to, dims * rows, kept);
        return to;
    }

    /**
     * Drops stored class rows beyond the active ones (a snapshot of the earlier format stored every slot): they were
     * never learned, so they are zero and predictions do not change. Returns this model.
     */
    public OnlineSoftmax compact() {
        if (stored > activeClasses) {
            parameters = resized(parameters, dims, stored, activeClasses);
            squaredGradients = resized(squaredGradients, dims, stored, activeClasses);
            stored = activeClasses;
        }
        return this;
    }

    /** Class probabilities, one per class of the capacity (0 for slots not active yet). */
    public double[] predictProba(SparseVector x) {
        return predictProba(x, activeClasses);
    }

    /**
     * Class probabilities with the softmax over the first {@code active} slots (see {@link #activeFor}), one per class
     * of the capacity; an active slot beyond the stored rows (never learned) scores a logit of 0.
     */
    public double[] predictProba(SparseVector x, int active) {
        if (active < 1 || active > classes) {
            throw new IllegalArgumentException("active classes " + active + " outside 1.." + classes);
        }
        float[] p = new float[Math.max(active, stored)];
        probabilities(parameters, dims, stored, active, x, p);
        double[] out = new double[classes];
        for (int k = 0; k < active; k++) {
            out[k] = p[k];
        }
        return out;
    }

    /** {@link #predictProba(SparseVector, int)} over bare weights (what an agent holds): {@code classes} rows. */
    public static double[] predictProba(float[] weights, int dims, int classes, int active, SparseVector x) {
        if (active > classes) {
            throw new IllegalArgumentException("active classes " + active + " outside 1.." + classes);
        }
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
     * Softmax probabilities of {@code x} over the first {@code active} slots of a weight array of {@code rows} class
     * rows laid out as {@code w[k * dims + f]} with the {@code rows} biases last; a slot at or beyond {@code rows}
     * scores a logit of 0, and {@code out}'s slots from {@code active} on get 0. Shared with agents that hold only the
     * weights, so both give bit-identical probabilities.
     */
    public static void probabilities(float[] weights, int dims, int rows, int active, SparseVector x, float[] out) {
        if (active < 1 || active > out.length) {
            throw new IllegalArgumentException("active classes " + active + " outside 1.." + out.length);
        }
        if (weights.length != (long) dims * rows + rows) {
            throw new IllegalArgumentException("weight array does not match " + dims + " dims x " + rows + " classes");
        }
        int[] idx = x.indices();
        float[] val = x.values();
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= dims) {
                throw new IllegalArgumentException("feature " + idx[i] + " outside " + dims + " dims");
            }
        }
        int biasAt = dims * rows;
        int scored = Math.min(active, rows);
        for (int k = 0; k < scored; k++) {
            int row = k * dims;
            float z = weights[biasAt + k];
            for (int i = 0; i < idx.length; i++) {
                z += val[i] * weights[row + idx[i]];
            }
            out[k] = z;
        }
        for (int k = scored; k < active; k++) {
            out[k] = 0f;
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
        for (int k = active; k < out.length; k++) {
            out[k] = 0f;
        }
    }

    /**
     * A copy of the weights and biases of the stored class rows ({@link #storedClasses()} of them): what an adapter or
     * an agent needs.
     */
    public float[] snapshotWeights() {
        return parameters.clone();
    }

    /** Full state (weights, AdaGrad history, counters) so training can resume after a restart. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_V3 + 8 * parameters.length);
        writeHeader(buffer);
        buffer.asFloatBuffer().put(parameters).put(squaredGradients);
        return buffer.array();
    }

    private void writeHeader(ByteBuffer buffer) {
        buffer.putInt(MAGIC).putInt(dims).putInt(classes).putInt(activeClasses).putInt(stored).putFloat(learningRate)
                .putLong(examplesSeen);
    }

    /**
     * The bytes of {@link #toBytes()}, written in 64 KiB pieces: a compressor fed this way never needs the whole state
     * in one array, which every snapshot would otherwise allocate.
     */
    public void writeTo(OutputStream out) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
        writeHeader(chunk);
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

    /**
     * Reads {@link #toBytes()}; snapshots of the earlier formats (OSM1, OSM2: every slot stored) load with every slot
     * stored, so their weights — and the checksum stored with them — stay what they were; {@link #compact()} trims
     * them.
     */
    public static OnlineSoftmax fromBytes(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int magic = bytes.length < HEADER_V1 ? 0 : buffer.getInt();
        if (magic != MAGIC && magic != MAGIC_V2 && magic != MAGIC_V1) {
            throw new IllegalArgumentException("not an OnlineSoftmax snapshot");
        }
        int dims = buffer.getInt();
        int classes = buffer.getInt();
        int active = magic == MAGIC_V1 ? classes : buffer.getInt();
        int stored = magic == MAGIC ? buffer.getInt() : classes;
        float learningRate = buffer.getFloat();
        long seen = buffer.getLong();
        int header = magic == MAGIC ? HEADER_V3 : magic == MAGIC_V2 ? HEADER_V2 : HEADER_V1;
        long size = (long) dims * stored + stored;
        if (dims < 1 || classes < 2 || stored < 2 || stored > classes || bytes.length != header + 8 * size) {
            throw new IllegalArgumentException("OnlineSoftmax snapshot has the wrong size for " + dims + "x" + stored);
        }
        float[] parameters = new float[(int) size];
        float[] squared = new float[(int) size];
        buffer.asFloatBuffer().get(parameters).get(squared);
        if (magic == MAGIC_V1) {
            parameters = classMajor(parameters, dims, classes);
            squared = classMajor(squared, dims, classes);
        }
        return new OnlineSoftmax(dims, classes, stored, active, learningRate, parameters, squared, seen);
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

    /** The capacity: the most classes this model may learn. */
    public int classes() {
        return classes;
    }

    /** Class rows held in memory and in {@link #snapshotWeights()}: the classes seen (2 at least). */
    public int storedClasses() {
        return stored;
    }

    /** Slots in the softmax: 2 until a higher label has been learned. */
    public int activeClasses() {
        return activeClasses;
    }

    public long examplesSeen() {
        return examplesSeen;
    }
}
