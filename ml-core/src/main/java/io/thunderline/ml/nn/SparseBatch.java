package io.thunderline.ml.nn;

import io.thunderline.ml.text.SparseVector;
import java.util.List;

/**
 * A mini-batch of sparse rows that remembers its feature-column index once built, so a batch
 * reused across epochs and trials is indexed only once. Not thread-safe.
 */
public final class SparseBatch {

    private final List<SparseVector> rows;
    private FeatureColumns columns;

    private SparseBatch(List<SparseVector> rows) {
        this.rows = List.copyOf(rows);
    }

    public static SparseBatch of(List<SparseVector> rows) {
        return new SparseBatch(rows);
    }

    public List<SparseVector> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    FeatureColumns columns(int dims) {
        if (columns == null) {
            columns = FeatureColumns.of(rows, dims);
        }
        return columns;
    }
}
