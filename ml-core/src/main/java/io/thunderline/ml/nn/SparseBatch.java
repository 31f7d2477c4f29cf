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
