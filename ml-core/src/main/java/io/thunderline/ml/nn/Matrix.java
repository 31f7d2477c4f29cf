package io.thunderline.ml.nn;

import java.util.Arrays;

/** A dense row-major matrix of doubles: one row per example in a batch. */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final double[] data;

    public Matrix(int rows, int cols) {
        this(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    public Matrix(int rows, int cols, double[] data) {
        if (data.length != rows * cols) {
            throw new IllegalArgumentException("data length " + data.length + " != " + rows + "x" + cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing array (row-major); shared, not copied. */
    public double[] data() {
        return data;
    }

    public double get(int row, int col) {
        return data[row * cols + col];
    }

    public void set(int row, int col, double value) {
        data[row * cols + col] = value;
    }

    public double[] row(int row) {
        return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /** Adds {@code other} into this matrix in place. */
    public void addInPlace(Matrix other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("shape mismatch");
        }
        for (int i = 0; i < data.length; i++) {
            data[i] += other.data[i];
        }
    }
}
