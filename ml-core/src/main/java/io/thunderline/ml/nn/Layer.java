package io.thunderline.ml.nn;

import java.util.List;

/**
 * A differentiable step on dense batches. {@code forward(x, true)} remembers what
 * {@code backward} needs; {@code forward(x, false)} is pure inference (thread-safe).
 * {@code backward} sets (not adds) the parameter gradients and returns d loss / d x.
 */
public interface Layer {

    Matrix forward(Matrix input, boolean training);

    Matrix backward(Matrix outputGradient);

    default List<Parameter> parameters() {
        return List.of();
    }
}
