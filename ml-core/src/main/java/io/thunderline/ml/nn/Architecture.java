package io.thunderline.ml.nn;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A network topology. Level 0 holds the inputs, nodes of the graph like any unit:
 * {@code in} (unit 0) projects the hashed sparse features to {@code inputWidth} (0 = not used) and
 * {@code emb} (unit 1) is the pretrained sentence vector of {@code denseDims} (0 = not used).
 * Then hidden levels of units, and a last level holding the single output unit (one neuron
 * per class, softmax). {@code levels.get(k - 1)} is level k. With {@code sparseLinear} the
 * hashed features also reach the logits directly through one weight per (feature, class):
 * a plain linear model is then part of the network, and with no hidden level it is all of it.
 */
public record Architecture(int inputDims, int inputWidth, int denseDims, boolean sparseLinear,
                           List<List<UnitSpec>> levels, ActivationFunction activation, double dropout, int classes) {

    /** Level 0, unit 1: the dense sentence vector. */
    public static final UnitRef DENSE_INPUT = new UnitRef(0, 1);

    /** The original shape: sparse projection only, no direct path. */
    public Architecture(int inputDims, int inputWidth, List<List<UnitSpec>> levels,
                        ActivationFunction activation, double dropout, int classes) {
        this(inputDims, inputWidth, 0, false, levels, activation, dropout, classes);
    }

    public Architecture {
        if (inputWidth < 0 || denseDims < 0) {
            throw new IllegalArgumentException("input widths must not be negative");
        }
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
                    boolean earlierLevel = ref.level() < k && (ref.level() > 0
                            ? ref.unit() < levels.get(ref.level() - 1).size()
                            : (ref.unit() == 0 && inputWidth > 0) || (ref.unit() == 1 && denseDims > 0));
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
        if (ref.level() == 0) {
            return ref.unit() == 0 ? inputWidth : denseDims;
        }
        return unit(ref).neurons();
    }

    /** True if some unit reads the sentence vector (predictions then need the encoder). */
    public boolean readsDense() {
        return readsInput(DENSE_INPUT);
    }

    private boolean readsInput(UnitRef input) {
        return levels.stream().flatMap(List::stream).anyMatch(u -> u.inputs().contains(input));
    }

    /** e.g. "in(262144→16) emb(384) | L1[u0:32←in,emb u1:16←in,L1u0] | out[2←in,L1u0,L1u1] +linear elu". */
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (inputWidth > 0) {
            s.append("in(").append(inputDims).append('→').append(inputWidth).append(')');
        }
        if (denseDims > 0) {
            s.append(s.isEmpty() ? "" : " ").append("emb(").append(denseDims).append(')');
        }
        if (s.isEmpty()) {
            s.append("sparse(").append(inputDims).append(')');
        }
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
        if (sparseLinear) {
            s.append(" +linear(sparse→out)");
        }
        return s.append(' ').append(activation.id()).append(dropout > 0 ? " dropout " + dropout : "").toString();
    }
}
