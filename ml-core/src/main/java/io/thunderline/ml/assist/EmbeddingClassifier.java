package io.thunderline.ml.assist;

import io.thunderline.ml.nas.TrainingConfig;

import java.util.Arrays;

/**
 * Multinomial logistic regression on sentence vectors: the small, fast model that proposes labels and checks a
 * prompt before any job has trained. Full-batch Adam on the L2-regularised cross-entropy, classes weighed as the
 * search weighs them ({@link TrainingConfig#balancedWeights}); the same
 * data and settings give the same model. Probabilities can be tempered ({@link #withTemperature}) after calibration.
 */
public final class EmbeddingClassifier {
    static final int STEPS = 300;
    static final double LEARNING_RATE = 0.1;
    /** L2 penalty on the weights (not the biases), per example. */
    static final double L2 = 1e-3;

    private final double[][] weights; // classes × dims
    private final double[] bias;
    private final double temperature;

    private EmbeddingClassifier(double[][] weights, double[] bias, double temperature) {
        this.weights = weights;
        this.bias = bias;
        this.temperature = temperature;
    }

    /** Learns from {@code x} (one vector per example) with labels {@code y} in 0..classes-1. */
    public static EmbeddingClassifier fit(float[][] x, int[] y, int classes) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("need one label per vector and at least one vector, got " + x.length
                    + " vectors and " + y.length + " labels");
        }
        int n = x.length;
        int d = x[0].length;
        int[] counts = new int[classes];
        for (int label : y) {
            counts[label]++;
        }
        double[] classWeight = TrainingConfig.balancedWeights(counts);
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        double[][] mw = new double[classes][d];
        double[][] vw = new double[classes][d];
        double[] mb = new double[classes];
        double[] vb = new double[classes];
        double[][] gw = new double[classes][d];
        double[] gb = new double[classes];
        double[] p = new double[classes];
        double beta1 = 0.9;
        double beta2 = 0.999;
        double weightSum = 0;
        for (int label : y) {
            weightSum += classWeight[label];
        }
        for (int step = 1; step <= STEPS; step++) {
            for (double[] row : gw) {
                Arrays.fill(row, 0);
            }
            Arrays.fill(gb, 0);
            for (int i = 0; i < n; i++) {
                logits(w, b, x[i], p);
                softmaxInPlace(p, 1.0);
                double cw = classWeight[y[i]] / weightSum;
                for (int c = 0; c < classes; c++) {
                    double g = (p[c] - (c == y[i] ? 1 : 0)) * cw;
                    gb[c] += g;
                    double[] gwc = gw[c];
                    float[] xi = x[i];
                    for (int j = 0; j < d; j++) {
                        gwc[j] += g * xi[j];
                    }
                }
            }
            double lrT = LEARNING_RATE * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    double g = gw[c][j] + L2 * w[c][j];
                    mw[c][j] = beta1 * mw[c][j] + (1 - beta1) * g;
                    vw[c][j] = beta2 * vw[c][j] + (1 - beta2) * g * g;
                    w[c][j] -= lrT * mw[c][j] / (Math.sqrt(vw[c][j]) + 1e-8);
                }
                mb[c] = beta1 * mb[c] + (1 - beta1) * gb[c];
                vb[c] = beta2 * vb[c] + (1 - beta2) * gb[c] * gb[c];
                b[c] -= lrT * mb[c] / (Math.sqrt(vb[c]) + 1e-8);
            }
        }
        return new EmbeddingClassifier(w, b, 1.0);
    }

    public EmbeddingClassifier withTemperature(double t) {
        if (!(t > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + t);
        }
        return new EmbeddingClassifier(weights, bias, t);
    }

    public double temperature() {
        return temperature;
    }

    public int classes() {
        return bias.length;
    }

    public double[] logits(float[] x) {
        double[] z = new double[bias.length];
        logits(weights, bias, x, z);
        return z;
    }

    public double[] probabilities(float[] x) {
        double[] z = logits(x);
        softmaxInPlace(z, temperature);
        return z;
    }

    private static void logits(double[][] w, double[] b, float[] x, double[] out) {
        for (int c = 0; c < b.length; c++) {
            double s = b[c];
            double[] wc = w[c];
            for (int j = 0; j < x.length; j++) {
                s += wc[j] * x[j];
            }
            out[c] = s;
        }
    }

    static void softmaxInPlace(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / temperature);
        }
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] / temperature - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
    }
}
