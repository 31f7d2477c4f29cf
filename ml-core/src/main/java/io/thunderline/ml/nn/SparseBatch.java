package io.thunderline.ml.nn;

import io.thunderline.ml.text.SparseVector;
import java.util.List;

/**
 * A mini-batch as the network reads it: hashed sparse rows and, when the model uses a pretrained
 * encoder, the dense sentence vectors of the same examples. Remembers its feature-column index
 * once built, so a batch reused across epochs and trials is indexed only once. Not thread-safe.
 */
public final class SparseBatch {

    private final List<SparseVector> rows;
    private final float[][] dense;
    private FeatureColumns columns;
    private Matrix denseMatrix;

    private SparseBatch(List<SparseVector> rows, float[][] dense) {
        this.rows = List.copyOf(rows);
        if (dense != null && dense.length != rows.size()) {
            throw new IllegalArgumentException(rows.size() + " sparse rows but " + dense.length + " dense rows");
        }
        this.dense = dense;
    }

    public static SparseBatch of(List<SparseVector> rows) {
        return new SparseBatch(rows, null);
    }

    /** Sparse rows with their dense vectors ({@code dense} may be null: no dense input). */
    public static SparseBatch of(List<SparseVector> rows, float[][] dense) {
        return new SparseBatch(rows, dense);
    }

    public List<SparseVector> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public boolean hasDense() {
        return dense != null;
    }

    FeatureColumns columns(int dims) {
        if (columns == null) {
            columns = FeatureColumns.of(rows, dims);
        }
        return columns;
    }

    /** The sentence vectors of the rows as given (shared, not copied), or null. */
    public float[][] denseRows() {
        return dense;
    }

    /**
     * out[r·k + c] += Σ_f x[r, f] · theta[f·k + c] in double precision, walking the batch's features in
     * ascending order (each weight row read once, in address order). A linear solver's kernel.
     */
    public void multiplyAdd(int dims, double[] theta, int k, double[] out) {
        FeatureColumns cols = columns(dims);
        for (int i = 0; i < cols.features.length; i++) {
            int wRow = cols.features[i] * k;
            for (int p = cols.start[i]; p < cols.start[i + 1]; p++) {
                double v = cols.value[p];
                int yRow = cols.row[p] * k;
                for (int c = 0; c < k; c++) {
                    out[yRow + c] += v * theta[wRow + c];
                }
            }
        }
    }

    /** grad[f·k + c] += Σ_r x[r, f] · d[r·k + c]: the transpose of {@link #multiplyAdd}. */
    public void transposeMultiplyAdd(int dims, double[] d, int k, double[] grad) {
        FeatureColumns cols = columns(dims);
        for (int i = 0; i < cols.features.length; i++) {
            int gRow = cols.features[i] * k;
            for (int p = cols.start[i]; p < cols.start[i + 1]; p++) {
                double v = cols.value[p];
                int dRow = cols.row[p] * k;
                for (int c = 0; c < k; c++) {
                    grad[gRow + c] += v * d[dRow + c];
                }
            }
        }
    }

    /** The dense vectors as a batch × dims matrix (built once). */
    Matrix dense(int dims) {
        if (dense == null) {
            throw new IllegalStateException("this network reads sentence vectors but the batch has none");
        }
        if (denseMatrix == null) {
            double[] values = new double[dense.length * dims];
            for (int r = 0; r < dense.length; r++) {
                if (dense[r].length != dims) {
                    throw new IllegalArgumentException("sentence vector of width " + dense[r].length + ", expected " + dims);
                }
                for (int c = 0; c < dims; c++) {
                    values[r * dims + c] = dense[r][c];
                }
            }
            denseMatrix = new Matrix(dense.length, dims, values);
        }
        return denseMatrix;
    }
}
