package io.thunderline.ml.nn;

import java.util.List;
import java.util.SplittableRandom;

/** y = x·W + b, W of shape in×out, Glorot-uniform initialised. */
public final class Dense implements Layer {

    private final int in;
    private final int out;
    private final Parameter weights;
    private final Parameter bias;
    private Matrix lastInput;

    public Dense(int in, int out, SplittableRandom random) {
        this.in = in;
        this.out = out;
        this.weights = new Parameter("dense.W", in * out, true);
        this.bias = new Parameter("dense.b", out, false);
        double limit = Math.sqrt(6.0 / (in + out));
        double[] w = weights.value();
        for (int i = 0; i < w.length; i++) {
            w[i] = (random.nextDouble() * 2 - 1) * limit;
        }
    }

    @Override
    public Matrix forward(Matrix input, boolean training) {
        if (input.cols() != in) {
            throw new IllegalArgumentException("expected " + in + " inputs, got " + input.cols());
        }
        if (training) {
            lastInput = input;
        }
        int n = input.rows();
        double[] x = input.data();
        double[] w = weights.value();
        double[] b = bias.value();
        double[] y = new double[n * out];
        Parallel.forRange(n, (long) in * out, (from, to) -> {
            for (int r = from; r < to; r++) {
                int yRow = r * out;
                System.arraycopy(b, 0, y, yRow, out);
                int xRow = r * in;
                for (int i = 0; i < in; i++) {
                    double xv = x[xRow + i];
                    if (xv == 0) {
                        continue;
                    }
                    int wRow = i * out;
                    for (int c = 0; c < out; c++) {
                        y[yRow + c] += xv * w[wRow + c];
                    }
                }
            }
        });
        return new Matrix(n, out, y);
    }

    @Override
    public Matrix backward(Matrix outputGradient) {
        int n = outputGradient.rows();
        double[] dy = outputGradient.data();
        double[] x = lastInput.data();
        double[] w = weights.value();
        double[] dw = weights.grad();
        double[] db = bias.grad();
        java.util.Arrays.fill(db, 0);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < out; c++) {
                db[c] += dy[r * out + c];
            }
        }
        // dW rows are independent: split them across cores.
        Parallel.forRange(in, (long) n * out, (from, to) -> {
            java.util.Arrays.fill(dw, from * out, to * out, 0);
            for (int r = 0; r < n; r++) {
                int xRow = r * in;
                int dyRow = r * out;
                for (int i = from; i < to; i++) {
                    double xv = x[xRow + i];
                    if (xv == 0) {
                        continue;
                    }
                    int wRow = i * out;
                    for (int c = 0; c < out; c++) {
                        dw[wRow + c] += xv * dy[dyRow + c];
                    }
                }
            }
        });
        double[] dx = new double[n * in];
        Parallel.forRange(n, (long) in * out, (from, to) -> {
            for (int r = from; r < to; r++) {
                int dyRow = r * out;
                for (int i = 0; i < in; i++) {
                    int wRow = i * out;
                    double sum = 0;
                    for (int c = 0; c < out; c++) {
                        sum += dy[dyRow + c] * w[wRow + c];
                    }
                    dx[r * in + i] = sum;
                }
            }
        });
        return new Matrix(n, in, dx);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weights, bias);
    }

    /** Sets W (in × out, row-major) and b. */
    void set(double[] w, double[] b) {
        if (w.length != in * out || b.length != out) {
            throw new IllegalArgumentException("expected " + in + "x" + out + " weights and " + out + " biases");
        }
        System.arraycopy(w, 0, weights.value(), 0, w.length);
        System.arraycopy(b, 0, bias.value(), 0, b.length);
    }

    public int inputs() {
        return in;
    }

    public int outputs() {
        return out;
    }
}
