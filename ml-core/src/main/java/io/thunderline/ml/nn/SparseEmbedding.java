package io.thunderline.ml.nn;

import io.thunderline.ml.text.SparseVector;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sparse×dense first layer: y = x·W for hashed sparse x (no bias, batch norm follows).
 * Only the rows of features present in a batch are read, differentiated and updated
 * ("lazy" AdamW), so a step costs O(non-zeros × width), not O(hashDims × width).
 * Weights are float32: this layer is memory-bound and floats halve the traffic.
 * A row is initialised the first time training sees its feature; rows never seen stay
 * zero, so unseen hash buckets add nothing at prediction time.
 */
public final class SparseEmbedding {

    private static final double INIT_RANGE = 0.05;
    /**
     * The feature space is cut into this many fixed ranges; each range's partial sums are
     * added in range order. Fixed (not "number of cores") so results are the same on any
     * machine and for any batch composition.
     */
    private static final int RANGES = 4;

    private final double initRange;
    private final int dims;
    private final int width;
    private final long seed;
    private final float[] weights;
    private final boolean[] initialized;
    private float[] firstMoment;
    private float[] secondMoment;
    private FeatureColumns lastColumns;
    private float[] touchedGradient;

    public SparseEmbedding(int dims, int width, long seed) {
        this(dims, width, seed, INIT_RANGE);
    }

    /** With {@code initRange} 0 rows start at zero (a linear model's weights). */
    public SparseEmbedding(int dims, int width, long seed, double initRange) {
        this.initRange = initRange;
        this.dims = dims;
        this.width = width;
        this.seed = seed;
        this.weights = new float[Math.multiplyExact(dims, width)];
        this.initialized = new boolean[dims];
    }

    public Matrix forward(List<SparseVector> batch, boolean training) {
        return forward(SparseBatch.of(batch), training);
    }

    public Matrix forward(SparseBatch batch, boolean training) {
        if (width == 0) {
            return new Matrix(batch.size(), 0);
        }
        FeatureColumns columns = batch.columns(dims);
        if (training) {
            for (int f : columns.features) {
                if (!initialized[f]) {
                    initializeRow(f);
                }
            }
            lastColumns = columns;
        }
        int n = batch.size();
        float[][] partial = new float[RANGES][];
        Parallel.forRange(RANGES, (long) columns.row.length * width / RANGES, (from, to) -> {
            for (int range = from; range < to; range++) {
                partial[range] = partialProduct(columns, range, n);
            }
        });
        double[] y = new double[n * width];
        for (float[] part : partial) {
            for (int i = 0; i < y.length; i++) {
                y[i] += part[i];
            }
        }
        return new Matrix(n, width, y);
    }

    /** x·W restricted to the features of one fixed range. */
    private float[] partialProduct(FeatureColumns columns, int range, int n) {
        float[] y = new float[n * width];
        int first = columns.firstAtOrAfter((int) ((long) dims * range / RANGES));
        int last = columns.firstAtOrAfter((int) ((long) dims * (range + 1) / RANGES));
        for (int i = first; i < last; i++) {
            int wRow = columns.features[i] * width;
            for (int p = columns.start[i]; p < columns.start[i + 1]; p++) {
                float v = columns.value[p];
                int yRow = columns.row[p] * width;
                for (int c = 0; c < width; c++) {
                    y[yRow + c] += v * weights[wRow + c];
                }
            }
        }
        return y;
    }

    /** Computes dLoss/dW for the rows touched by the last training batch. */
    public void backward(Matrix outputGradient) {
        if (width == 0) {
            return;
        }
        FeatureColumns columns = lastColumns;
        double[] dy = outputGradient.data();
        float[] dyFloat = new float[dy.length];
        for (int i = 0; i < dy.length; i++) {
            dyFloat[i] = (float) dy[i];
        }
        float[] grad = new float[columns.features.length * width];
        // Each gradient row belongs to one feature: rows are split across cores without sharing.
        Parallel.forRange(columns.features.length, (long) width * columns.row.length / Math.max(1, columns.features.length),
                (from, to) -> {
                    for (int i = from; i < to; i++) {
                        int gRow = i * width;
                        for (int p = columns.start[i]; p < columns.start[i + 1]; p++) {
                            float v = columns.value[p];
                            int dyRow = columns.row[p] * width;
                            for (int c = 0; c < width; c++) {
                                grad[gRow + c] += v * dyFloat[dyRow + c];
                            }
                        }
                    }
                });
        touchedGradient = grad;
    }

    void applyUpdate(AdamW optimizer, double correction1, double correction2) {
        if (touchedGradient == null) {
            return;
        }
        if (firstMoment == null) {
            firstMoment = new float[weights.length];
            secondMoment = new float[weights.length];
        }
        int[] rows = lastColumns.features;
        float[] grad = touchedGradient;
        Parallel.forRange(rows.length, width * 8L, (from, to) -> {
            for (int i = from; i < to; i++) {
                optimizer.update(weights, grad, firstMoment, secondMoment, rows[i] * width, i * width, width,
                        correction1, correction2);
            }
        });
        touchedGradient = null;
    }

    /** Frees the optimiser state once training is over (it is as large as the weights). */
    public void releaseTrainingState() {
        firstMoment = null;
        secondMoment = null;
        lastColumns = null;
        touchedGradient = null;
    }

    private void initializeRow(int feature) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + feature);
        int offset = feature * width;
        for (int c = 0; c < width; c++) {
            weights[offset + c] = (float) ((random.nextDouble() * 2 - 1) * initRange);
        }
        initialized[feature] = true;
    }

    /** Gradient row of a feature after {@link #backward}, or null if the batch did not touch it. */
    double[] gradientOfRow(int feature) {
        int slot = Arrays.binarySearch(lastColumns.features, feature);
        if (slot < 0) {
            return null;
        }
        double[] row = new double[width];
        for (int c = 0; c < width; c++) {
            row[c] = touchedGradient[slot * width + c];
        }
        return row;
    }

    public int dims() {
        return dims;
    }

    public int width() {
        return width;
    }

    /** The weight matrix (dims × width, row-major); shared, not copied. */
    public float[] weights() {
        return weights;
    }

    public boolean isInitialized(int feature) {
        return initialized[feature];
    }

    /** Marks a row as trained, e.g. when weights are loaded from a model file. */
    public void markInitialized(int feature) {
        initialized[feature] = true;
    }
}
