package io.thunderline.ml.nas;

import io.thunderline.ml.text.SparseVector;
import java.util.List;

/**
 * Featurised examples with class ids, ready for the network: hashed sparse rows and, when the
 * search uses a pretrained encoder, each example's sentence vector ({@code dense} may be null).
 */
public record EncodedData(List<SparseVector> features, int[] labels, float[][] dense) {

    public EncodedData {
        features = List.copyOf(features);
        if (features.size() != labels.length) {
            throw new IllegalArgumentException("features and labels differ in count");
        }
        if (dense != null && dense.length != labels.length) {
            throw new IllegalArgumentException("sentence vectors and labels differ in count");
        }
    }

    public EncodedData(List<SparseVector> features, int[] labels) {
        this(features, labels, null);
    }

    public int size() {
        return labels.length;
    }

    /** The examples at {@code indexes}, in that order. */
    public EncodedData select(int[] indexes) {
        SparseVector[] f = new SparseVector[indexes.length];
        int[] y = new int[indexes.length];
        float[][] d = dense == null ? null : new float[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            f[i] = features.get(indexes[i]);
            y[i] = labels[indexes[i]];
            if (d != null) {
                d[i] = dense[indexes[i]];
            }
        }
        return new EncodedData(List.of(f), y, d);
    }

    /** This data followed by {@code other}. */
    public EncodedData concat(EncodedData other) {
        int n = size() + other.size();
        List<SparseVector> f = new java.util.ArrayList<>(features);
        f.addAll(other.features);
        int[] y = new int[n];
        System.arraycopy(labels, 0, y, 0, size());
        System.arraycopy(other.labels, 0, y, size(), other.size());
        float[][] d = null;
        if (dense != null && other.dense != null) {
            d = new float[n][];
            System.arraycopy(dense, 0, d, 0, size());
            System.arraycopy(other.dense, 0, d, size(), other.size());
        }
        return new EncodedData(f, y, d);
    }

    /** Examples per class id. */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }
}
