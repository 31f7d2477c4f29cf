package io.thunderline.ml.nn;

import java.util.Locale;

/** Element-wise activations (softmax is row-wise and handled by {@link Activation}). */
public enum ActivationFunction {
    LINEAR, ELU, RELU, GELU, TANH, SOFTMAX;

    private static final double GELU_C = Math.sqrt(2 / Math.PI);

    public static ActivationFunction parse(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    double apply(double x) {
        return switch (this) {
            case LINEAR -> x;
            case ELU -> x > 0 ? x : Math.expm1(x);
            case RELU -> x > 0 ? x : 0;
            case GELU -> 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x)));
            case TANH -> Math.tanh(x);
            case SOFTMAX -> throw new IllegalStateException("softmax is row-wise");
        };
    }

    /** Derivative at input x, given y = apply(x). */
    double derivative(double x, double y) {
        return switch (this) {
            case LINEAR -> 1;
            case ELU -> x > 0 ? 1 : y + 1;
            case RELU -> x > 0 ? 1 : 0;
            case GELU -> {
                double inner = GELU_C * (x + 0.044715 * x * x * x);
                double t = Math.tanh(inner);
                double dInner = GELU_C * (1 + 3 * 0.044715 * x * x);
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * dInner;
            }
            case TANH -> 1 - y * y;
            case SOFTMAX -> throw new IllegalStateException("softmax is row-wise");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
