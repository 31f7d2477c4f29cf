package io.thunderline.ml.nn;

/**
 * A trainable dense tensor with its gradient and AdamW moments.
 * {@code decayed} says whether decoupled weight decay applies (kernels yes; biases and
 * batch-norm scales no, as decaying them only hurts).
 */
public final class Parameter {

    private final String name;
    private final double[] value;
    private final double[] grad;
    private final double[] firstMoment;
    private final double[] secondMoment;
    private final boolean decayed;

    public Parameter(String name, int size, boolean decayed) {
        this.name = name;
        this.value = new double[size];
        this.grad = new double[size];
        this.firstMoment = new double[size];
        this.secondMoment = new double[size];
        this.decayed = decayed;
    }

    public String name() {
        return name;
    }

    public double[] value() {
        return value;
    }

    public double[] grad() {
        return grad;
    }

    double[] firstMoment() {
        return firstMoment;
    }

    double[] secondMoment() {
        return secondMoment;
    }

    public boolean decayed() {
        return decayed;
    }

    public int size() {
        return value.length;
    }
}
