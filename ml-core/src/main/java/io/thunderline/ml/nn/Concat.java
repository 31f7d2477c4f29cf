package io.thunderline.ml.nn;

import java.util.ArrayList;
import java.util.List;

/** Side-by-side concatenation of batches (same rows) and the split of its gradient. */
public final class Concat {

    private Concat() {
    }

    public static Matrix forward(List<Matrix> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int rows = parts.get(0).rows();
        int cols = parts.stream().mapToInt(Matrix::cols).sum();
        double[] y = new double[rows * cols];
        int offset = 0;
        for (Matrix part : parts) {
            if (part.rows() != rows) {
                throw new IllegalArgumentException("row counts differ");
            }
            int w = part.cols();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(part.data(), r * w, y, r * cols + offset, w);
            }
            offset += w;
        }
        return new Matrix(rows, cols, y);
    }

    public static List<Matrix> backward(Matrix gradient, int[] widths) {
        if (widths.length == 1) {
            return List.of(gradient);
        }
        List<Matrix> parts = new ArrayList<>(widths.length);
        int rows = gradient.rows();
        int cols = gradient.cols();
        int offset = 0;
        for (int w : widths) {
            double[] d = new double[rows * w];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(gradient.data(), r * cols + offset, d, r * w, w);
            }
            parts.add(new Matrix(rows, w, d));
            offset += w;
        }
        return parts;
    }
}
