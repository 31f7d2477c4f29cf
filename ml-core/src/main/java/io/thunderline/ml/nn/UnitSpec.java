package io.thunderline.ml.nn;

import java.util.List;

/** One unit: concat(inputs) → batch norm → dense(neurons) → activation. Inputs are sorted and distinct. */
public record UnitSpec(int neurons, List<UnitRef> inputs) {

    public UnitSpec {
        if (neurons < 1) {
            throw new IllegalArgumentException("a unit needs at least one neuron");
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a unit needs at least one input");
        }
        inputs = List.copyOf(inputs.stream().distinct().sorted().toList());
    }
}
