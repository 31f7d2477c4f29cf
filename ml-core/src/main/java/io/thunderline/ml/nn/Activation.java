package io.thunderline.ml.nn;

/** Applies an {@link ActivationFunction}; softmax is computed per row. */
public final class Activation implements Layer {

    private final ActivationFunction function;
    private Matrix lastInput;
    private Matrix lastOutput;

    public Activation(ActivationFunction function) {
        this.function = function;
    }

    @Override
    public Matrix forward(Matrix input, boolean training) {
        Matrix output = function == ActivationFunction.SOFTMAX ? Softmax.rows(input) : elementWise(input);
        if (training) {
            lastInput = input;
            lastOutput = output;
        }
        return output;
    }

    private Matrix elementWise(Matrix input) {
        double[] x = input.data();
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = function.apply(x[i]);
        }
        return new Matrix(input.rows(), input.cols(), y);
    }

    @Override
    public Matrix backward(Matrix outputGradient) {
        double[] dy = outputGradient.data();
        double[] y = lastOutput.data();
        double[] dx = new double[dy.length];
        if (function == ActivationFunction.SOFTMAX) {
            // Jacobian-vector product of softmax: dx = y ⊙ (dy − Σ dy·y).
            int cols = outputGradient.cols();
            for (int r = 0; r < outputGradient.rows(); r++) {
                double dot = 0;
                for (int c = 0; c < cols; c++) {
                    dot += dy[r * cols + c] * y[r * cols + c];
                }
                for (int c = 0; c < cols; c++) {
                    dx[r * cols + c] = y[r * cols + c] * (dy[r * cols + c] - dot);
                }
            }
        } else {
            double[] x = lastInput.data();
            for (int i = 0; i < dy.length; i++) {
                dx[i] = dy[i] * function.derivative(x[i], y[i]);
            }
        }
        return new Matrix(outputGradient.rows(), outputGradient.cols(), dx);
    }

    public ActivationFunction function() {
        return function;
    }
}
