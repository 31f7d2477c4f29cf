package io.thunderline.ml.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The layers of one unit: concat → batch norm → dense → activation (→ dropout). */
final class Unit {

    private final int[] inputWidths;
    private final BatchNorm batchNorm;
    private final Dense dense;
    private final Activation activation;
    private final Dropout dropout;

    Unit(int[] inputWidths, int neurons, ActivationFunction function, double dropoutRate, SplittableRandom random) {
        this.inputWidths = inputWidths;
        int in = 0;
        for (int w : inputWidths) {
            in += w;
        }
        this.batchNorm = new BatchNorm(in);
        this.dense = new Dense(in, neurons, random);
        this.activation = new Activation(function);
        this.dropout = dropoutRate > 0 ? new Dropout(dropoutRate, random.split()) : null;
    }

    Matrix forward(List<Matrix> inputs, boolean training) {
        Matrix x = batchNorm.forward(Concat.forward(inputs), training);
        Matrix y = activation.forward(dense.forward(x, training), training);
        return dropout == null ? y : dropout.forward(y, training);
    }

    List<Matrix> backward(Matrix outputGradient) {
        Matrix g = dropout == null ? outputGradient : dropout.backward(outputGradient);
        g = batchNorm.backward(dense.backward(activation.backward(g)));
        return Concat.backward(g, inputWidths);
    }

    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(batchNorm.parameters());
        all.addAll(dense.parameters());
        return all;
    }

    Dense dense() {
        return dense;
    }

    BatchNorm batchNorm() {
        return batchNorm;
    }

    Dropout dropout() {
        return dropout;
    }
}
