package io.thunderline.ml.text;

import java.util.Arrays;

/**
 * A sparse feature vector: strictly increasing {@code indices} with their {@code values}.
 * The arrays are owned by the vector; callers must not mutate them.
 */
public record SparseVector(int[] indices, float[] values) {

    public SparseVector {
        if (indices.length != values.length) {
            throw new IllegalArgumentException("indices and values differ in length: " + indices.length + " vs " + values.length);
        }
        for (int i = 1; i < indices.length; i++) {
            if (indices[i] <= indices[i - 1]) {
                throw new IllegalArgumentException("indices must be strictly increasing");
            }
        }
    }

    public static SparseVector empty() {
        return new SparseVector(new int[0], new float[0]);
    }

    public int size() {
        return indices.length;
    }

    public double dot(double[] dense) {
        double sum = 0;
        for (int i = 0; i < indices.length; i++) {
            sum += values[i] * dense[indices[i]];
        }
        return sum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseVector other
                && Arrays.equals(indices, other.indices)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(indices) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SparseVector[nnz=" + indices.length + "]";
    }
}
