package io.thunderline.ml.nn;

import io.thunderline.ml.text.SparseVector;
import java.util.Arrays;
import java.util.List;

/**
 * A batch of sparse rows re-indexed by feature ("compressed sparse columns"): the batch's
 * distinct features in ascending order and, for each, the (row, value) pairs using it.
 * Walking features in ascending order reads every weight row once per batch, in address
 * order, instead of once per occurrence at random: the sparse layer is memory-bound, so
 * this is where its speed comes from.
 * <p>
 * Row numbers are 16-bit: every batch is at most a few hundred rows (training batches, scoring chunks of 512), and
 * cached batches hold this copy of the data for a whole search, so the 2 bytes saved per non-zero are what lets a
 * search over thousands of long texts keep larger hash tables within its heap.
 */
final class FeatureColumns {

    /** Most rows a batch may have (row numbers are stored as {@code char}). */
    static final int MAX_ROWS = Character.MAX_VALUE + 1;

    final int rows;
    final int[] features;
    final int[] start;
    final char[] row;
    final float[] value;

    private FeatureColumns(int rows, int[] features, int[] start, char[] row, float[] value) {
        this.rows = rows;
        this.features = features;
        this.start = start;
        this.row = row;
        this.value = value;
    }

    static FeatureColumns of(List<SparseVector> batch, int dims) {
        if (batch.size() > MAX_ROWS) {
            throw new IllegalArgumentException("a batch holds at most " + MAX_ROWS + " rows, got " + batch.size()
                    + ": score in chunks");
        }
        int nonZeros = 0;
        for (SparseVector x : batch) {
            nonZeros += x.size();
            if (x.size() > 0 && x.indices()[x.size() - 1] >= dims) {
                throw new IllegalArgumentException("feature " + x.indices()[x.size() - 1] + " outside " + dims + " dims");
            }
        }
        if (batch.size() == 1) {
            SparseVector x = batch.get(0);
            int[] start = new int[x.size() + 1];
            for (int i = 0; i <= x.size(); i++) {
                start[i] = i;
            }
            return new FeatureColumns(1, x.indices(), start, new char[x.size()], x.values());
        }
        int[] count = new int[dims];
        int[] distinct = new int[nonZeros];
        int distinctCount = 0;
        for (SparseVector x : batch) {
            for (int f : x.indices()) {
                if (count[f]++ == 0) {
                    distinct[distinctCount++] = f;
                }
            }
        }
        int[] features = Arrays.copyOf(distinct, distinctCount);
        Arrays.sort(features);
        int[] start = new int[distinctCount + 1];
        for (int i = 0; i < distinctCount; i++) {
            int f = features[i];
            start[i + 1] = start[i] + count[f];
            count[f] = start[i];
        }
        char[] rowOf = new char[nonZeros];
        float[] valueOf = new float[nonZeros];
        for (int r = 0; r < batch.size(); r++) {
            SparseVector x = batch.get(r);
            int[] idx = x.indices();
            float[] val = x.values();
            for (int k = 0; k < idx.length; k++) {
                int at = count[idx[k]]++;
                rowOf[at] = (char) r;
                valueOf[at] = val[k];
            }
        }
        return new FeatureColumns(batch.size(), features, start, rowOf, valueOf);
    }

    /** Index of the first feature >= {@code feature}. */
    int firstAtOrAfter(int feature) {
        int i = Arrays.binarySearch(features, feature);
        return i >= 0 ? i : -i - 1;
    }
}
