package io.thunderline.ml.nn;

/** Numerically stable row-wise softmax (subtracts the row maximum first). */
public final class Softmax {

    private Softmax() {
    }

    public static Matrix rows(Matrix logits) {
        int cols = logits.cols();
        double[] z = logits.data();
        double[] p = new double[z.length];
        for (int r = 0; r < logits.rows(); r++) {
            softmaxRow(z, p, r * cols, cols);
        }
        return new Matrix(logits.rows(), cols, p);
    }

    public static double[] of(double[] logits) {
        double[] p = new double[logits.length];
        softmaxRow(logits, p, 0, logits.length);
        return p;
    }

    private static void softmaxRow(double[] z, double[] p, int offset, int cols) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, z[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < cols; c++) {
            double e = Math.exp(z[offset + c] - max);
            p[offset + c] = e;
            sum += e;
        }
        for (int c = 0; c < cols; c++) {
            p[offset + c] /= sum;
        }
    }
}
