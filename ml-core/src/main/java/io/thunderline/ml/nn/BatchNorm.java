package io.thunderline.ml.nn;

import java.util.List;

/**
 * Batch normalisation per column: training uses the batch's mean and variance and
 * updates running averages; inference uses the running averages.
 */
public final class BatchNorm implements Layer {

    private static final double EPSILON = 1e-3;
    private static final double MOMENTUM = 0.9;

    private final int dim;
    private final Parameter gamma;
    private final Parameter beta;
    private final double[] runningMean;
    private final double[] runningVar;
    private double[] lastNormalized;
    private double[] lastInverseStd;

    public BatchNorm(int dim) {
        this.dim = dim;
        this.gamma = new Parameter("bn.gamma", dim, false);
        this.beta = new Parameter("bn.beta", dim, false);
        this.runningMean = new double[dim];
        this.runningVar = new double[dim];
        java.util.Arrays.fill(gamma.value(), 1.0);
        java.util.Arrays.fill(runningVar, 1.0);
    }

    @Override
    public Matrix forward(Matrix input, boolean training) {
        int n = input.rows();
        double[] x = input.data();
        double[] y = new double[x.length];
        double[] g = gamma.value();
        double[] b = beta.value();
        if (!training) {
            for (int c = 0; c < dim; c++) {
                double inv = 1 / Math.sqrt(runningVar[c] + EPSILON);
                for (int r = 0; r < n; r++) {
                    y[r * dim + c] = g[c] * (x[r * dim + c] - runningMean[c]) * inv + b[c];
                }
            }
            return new Matrix(n, dim, y);
        }
        double[] normalized = new double[x.length];
        double[] inverseStd = new double[dim];
        for (int c = 0; c < dim; c++) {
            double mean = 0;
            for (int r = 0; r < n; r++) {
                mean += x[r * dim + c];
            }
            mean /= n;
            double var = 0;
            for (int r = 0; r < n; r++) {
                double d = x[r * dim + c] - mean;
                var += d * d;
            }
            var /= n;
            double inv = 1 / Math.sqrt(var + EPSILON);
            inverseStd[c] = inv;
            for (int r = 0; r < n; r++) {
                double xh = (x[r * dim + c] - mean) * inv;
                normalized[r * dim + c] = xh;
                y[r * dim + c] = g[c] * xh + b[c];
            }
            runningMean[c] = MOMENTUM * runningMean[c] + (1 - MOMENTUM) * mean;
            double unbiased = n > 1 ? var * n / (n - 1) : var;
            runningVar[c] = MOMENTUM * runningVar[c] + (1 - MOMENTUM) * unbiased;
        }
        lastNormalized = normalized;
        lastInverseStd = inverseStd;
        return new Matrix(n, dim, y);
    }

    @Override
    public Matrix backward(Matrix outputGradient) {
        int n = outputGradient.rows();
        double[] dy = outputGradient.data();
        double[] dx = new double[dy.length];
        double[] g = gamma.value();
        double[] dGamma = gamma.grad();
        double[] dBeta = beta.grad();
        for (int c = 0; c < dim; c++) {
            double sumDy = 0;
            double sumDyXh = 0;
            for (int r = 0; r < n; r++) {
                double d = dy[r * dim + c];
                sumDy += d;
                sumDyXh += d * lastNormalized[r * dim + c];
            }
            dGamma[c] = sumDyXh;
            dBeta[c] = sumDy;
            double scale = g[c] * lastInverseStd[c] / n;
            for (int r = 0; r < n; r++) {
                int at = r * dim + c;
                dx[at] = scale * (n * dy[at] - sumDy - lastNormalized[at] * sumDyXh);
            }
        }
        return new Matrix(n, dim, dx);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    /**
     * Fixes the inference transform to centring only, y = x − mean (γ = 1, β = 0, running variance 1 − ε so
     * 1/√(var + ε) = 1): how a linear model fitted on centred inputs is put into a unit.
     */
    void setCentring(double[] mean) {
        if (mean.length != dim) {
            throw new IllegalArgumentException("expected " + dim + " means, got " + mean.length);
        }
        java.util.Arrays.fill(gamma.value(), 1.0);
        java.util.Arrays.fill(beta.value(), 0.0);
        System.arraycopy(mean, 0, runningMean, 0, dim);
        java.util.Arrays.fill(runningVar, 1.0 - EPSILON);
    }

    /** Running statistics, saved with the model because inference depends on them. */
    public double[] runningMean() {
        return runningMean;
    }

    public double[] runningVar() {
        return runningVar;
    }

    public int dim() {
        return dim;
    }
}
