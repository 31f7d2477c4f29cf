package io.thunderline.ml.nn;

import java.util.SplittableRandom;

/** Inverted dropout: zeroes a fraction of activations in training, identity at inference. */
public final class Dropout implements Layer {

    private final double rate;
    private final SplittableRandom random;
    private double[] lastMask;
    private boolean reuseMask;

    public Dropout(double rate, SplittableRandom random) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1)");
        }
        this.rate = rate;
        this.random = random;
    }

    @Override
    public Matrix forward(Matrix input, boolean training) {
        if (!training || rate == 0) {
            return input;
        }
        double[] x = input.data();
        if (!reuseMask || lastMask == null || lastMask.length != x.length) {
            double keep = 1 - rate;
            lastMask = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                lastMask[i] = random.nextDouble() < keep ? 1 / keep : 0;
            }
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * lastMask[i];
        }
        return new Matrix(input.rows(), input.cols(), y);
    }

    @Override
    public Matrix backward(Matrix outputGradient) {
        if (rate == 0) {
            return outputGradient;
        }
        double[] dy = outputGradient.data();
        double[] dx = new double[dy.length];
        for (int i = 0; i < dy.length; i++) {
            dx[i] = dy[i] * lastMask[i];
        }
        return new Matrix(outputGradient.rows(), outputGradient.cols(), dx);
    }

    /** For gradient checks: keep the current mask across forward passes. */
    void freezeMask() {
        reuseMask = true;
    }

    public double rate() {
        return rate;
    }
}
