package io.thunderline.ml.eval;

/** Classification metrics over integer class ids 0..classes-1. */
public final class Metrics {

    private Metrics() {
    }

    public static int[][] confusion(int[] actual, int[] predicted, int classes) {
        int[][] matrix = new int[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            matrix[actual[i]][predicted[i]]++;
        }
        return matrix;
    }

    public static double accuracy(int[] actual, int[] predicted) {
        if (actual.length == 0) {
            return 0;
        }
        int correct = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / actual.length;
    }

    /** Precision of each class (0 when the class was never predicted). */
    public static double[] precision(int[][] confusion) {
        int k = confusion.length;
        double[] p = new double[k];
        for (int c = 0; c < k; c++) {
            int predicted = 0;
            for (int[] row : confusion) {
                predicted += row[c];
            }
            p[c] = predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
        }
        return p;
    }

    /** Recall of each class (0 when the class never occurred). */
    public static double[] recall(int[][] confusion) {
        int k = confusion.length;
        double[] r = new double[k];
        for (int c = 0; c < k; c++) {
            int actual = 0;
            for (int v : confusion[c]) {
                actual += v;
            }
            r[c] = actual == 0 ? 0 : (double) confusion[c][c] / actual;
        }
        return r;
    }

    public static double[] f1(int[][] confusion) {
        double[] p = precision(confusion);
        double[] r = recall(confusion);
        double[] f = new double[p.length];
        for (int c = 0; c < f.length; c++) {
            f[c] = p[c] + r[c] == 0 ? 0 : 2 * p[c] * r[c] / (p[c] + r[c]);
        }
        return f;
    }

    /** Unweighted mean of per-class F1 over the classes that occur or are predicted. */
    public static double macroF1(int[] actual, int[] predicted, int classes) {
        int[][] confusion = confusion(actual, predicted, classes);
        double[] f = f1(confusion);
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            int occurrences = 0;
            for (int j = 0; j < classes; j++) {
                occurrences += confusion[c][j] + confusion[j][c];
            }
            if (occurrences > 0) {
                sum += f[c];
                present++;
            }
        }
        return present == 0 ? 0 : sum / present;
    }

    public static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
