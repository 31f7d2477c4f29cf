package io.thunderline.ml.nn;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A network topology: the input level (sparse features projected to {@code inputWidth}),
 * hidden levels of units, and a last level holding the single output unit (one neuron
 * per class, softmax). {@code levels.get(k - 1)} is level k.
 */
public record Architecture(int inputDims, int inputWidth, List<List<UnitSpec>> levels,
                           ActivationFunction activation, double dropout, int classes) {

    public Architecture {
        levels = levels.stream().map(List::copyOf).toList();
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("at least the output level is needed");
        }
        List<UnitSpec> last = levels.get(levels.size() - 1);
        if (last.size() != 1 || last.get(0).neurons() != classes) {
            throw new IllegalArgumentException("the last level must be one unit with one neuron per class");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("at least two classes are needed");
        }
        for (int k = 1; k <= levels.size(); k++) {
            List<UnitSpec> level = levels.get(k - 1);
            for (int u = 0; u < level.size(); u++) {
                for (UnitRef ref : level.get(u).inputs()) {
                    boolean earlierLevel = ref.level() < k && (ref.level() > 0 ? ref.unit() < levels.get(ref.level() - 1).size() : ref.unit() == 0);
                    boolean lateral = ref.level() == k && ref.unit() < u;
                    if (!earlierLevel && !lateral) {
                        throw new IllegalArgumentException("unit L" + k + "u" + u + " has an invalid input " + ref);
                    }
                }
            }
        }
    }

    public int outputLevel() {
        return levels.size();
    }

    public int hiddenLevels() {
        return levels.size() - 1;
    }

    public UnitSpec unit(UnitRef ref) {
        return levels.get(ref.level() - 1).get(ref.unit());
    }

    public int width(UnitRef ref) {
        return ref.level() == 0 ? inputWidth : unit(ref).neurons();
    }

    /** e.g. "in(262144→64) | L1[u0:32←in u1:16←in,L1u0] | out[2←in,L1u0,L1u1] elu". */
    public String describe() {
        StringBuilder s = new StringBuilder("in(" + inputDims + "→" + inputWidth + ")");
        for (int k = 1; k <= levels.size(); k++) {
            List<UnitSpec> level = levels.get(k - 1);
            s.append(" | ").append(k == levels.size() ? "out" : "L" + k).append('[');
            for (int u = 0; u < level.size(); u++) {
                UnitSpec spec = level.get(u);
                if (u > 0) {
                    s.append(' ');
                }
                if (k < levels.size()) {
                    s.append('u').append(u).append(':');
                }
                s.append(spec.neurons()).append('←')
                        .append(spec.inputs().stream().map(UnitRef::toString).collect(Collectors.joining(",")));
            }
            s.append(']');
        }
        return s.append(' ').append(activation.id()).append(dropout > 0 ? " dropout " + dropout : "").toString();
    }
}
