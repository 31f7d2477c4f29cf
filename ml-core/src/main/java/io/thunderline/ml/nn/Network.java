package io.thunderline.ml.nn;

import io.thunderline.ml.text.SparseVector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A network built from an {@link Architecture}: sparse input projection, then units level by
 * level (laterals only from earlier units of the same level, so index order is a valid
 * evaluation order). Returns logits; the loss applies the softmax.
 * Training calls are single-threaded (kernels parallelise inside); {@code forward(x, false)}
 * may be called from several threads at once.
 */
public final class Network {

    private final Architecture architecture;
    private final SparseEmbedding input;
    private final SparseEmbedding linear;
    private final List<List<Unit>> levels = new ArrayList<>();

    public Network(Architecture architecture, long seed) {
        this.architecture = architecture;
        SplittableRandom random = new SplittableRandom(seed);
        this.input = new SparseEmbedding(architecture.inputDims(), architecture.inputWidth(), random.nextLong());
        // the direct path starts at zero: an untrained feature adds nothing to any class
        this.linear = architecture.sparseLinear()
                ? new SparseEmbedding(architecture.inputDims(), architecture.classes(), random.nextLong(), 0) : null;
        for (int k = 1; k <= architecture.levels().size(); k++) {
            boolean output = k == architecture.outputLevel();
            List<Unit> units = new ArrayList<>();
            for (UnitSpec spec : architecture.levels().get(k - 1)) {
                int[] widths = spec.inputs().stream().mapToInt(architecture::width).toArray();
                units.add(new Unit(widths, spec.neurons(),
                        output ? ActivationFunction.LINEAR : architecture.activation(),
                        output ? 0 : architecture.dropout(), random.split()));
            }
            levels.add(units);
        }
    }

    /** Logits (batch × classes). */
    public Matrix forward(List<SparseVector> batch, boolean training) {
        return forward(SparseBatch.of(batch), training);
    }

    /** Logits for a batch whose feature index may already be built (reused batches). */
    public Matrix forward(SparseBatch batch, boolean training) {
        Map<UnitRef, Matrix> outputs = new HashMap<>();
        if (architecture.inputWidth() > 0) {
            outputs.put(UnitRef.INPUT, input.forward(batch, training));
        }
        if (architecture.denseDims() > 0) {
            outputs.put(Architecture.DENSE_INPUT, batch.dense(architecture.denseDims()));
        }
        Matrix last = null;
        for (int k = 1; k <= levels.size(); k++) {
            List<UnitSpec> specs = architecture.levels().get(k - 1);
            for (int u = 0; u < specs.size(); u++) {
                List<Matrix> inputs = specs.get(u).inputs().stream().map(outputs::get).toList();
                last = levels.get(k - 1).get(u).forward(inputs, training);
                outputs.put(new UnitRef(k, u), last);
            }
        }
        if (linear != null) {
            Matrix sum = last.copy();
            sum.addInPlace(linear.forward(batch, training));
            return sum;
        }
        return last;
    }

    /** Back-propagates d loss / d logits through every unit into the parameter gradients. */
    public void backward(Matrix logitGradient) {
        Map<UnitRef, Matrix> gradients = new HashMap<>();
        gradients.put(new UnitRef(levels.size(), 0), logitGradient);
        for (int k = levels.size(); k >= 1; k--) {
            List<UnitSpec> specs = architecture.levels().get(k - 1);
            for (int u = specs.size() - 1; u >= 0; u--) {
                Matrix g = gradients.get(new UnitRef(k, u));
                if (g == null) {
                    // Nothing consumed this unit (cannot happen after dead-end repair); no gradient flows.
                    continue;
                }
                List<Matrix> inputGradients = levels.get(k - 1).get(u).backward(g);
                List<UnitRef> refs = specs.get(u).inputs();
                for (int i = 0; i < refs.size(); i++) {
                    Matrix existing = gradients.get(refs.get(i));
                    if (existing == null) {
                        gradients.put(refs.get(i), inputGradients.get(i).copy());
                    } else {
                        existing.addInPlace(inputGradients.get(i));
                    }
                }
            }
        }
        if (linear != null) {
            linear.backward(logitGradient);
        }
        if (architecture.inputWidth() > 0) {
            Matrix inputGradient = gradients.get(UnitRef.INPUT);
            input.backward(inputGradient != null ? inputGradient : new Matrix(logitGradient.rows(), input.width()));
        }
        // the sentence vector is fixed (pretrained): its gradient is not needed
    }

    /** Dense parameters in a fixed order (the embedding is handled by the optimiser separately). */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (List<Unit> level : levels) {
            for (Unit unit : level) {
                all.addAll(unit.parameters());
            }
        }
        return all;
    }

    /** Batch-norm layers in a fixed order, for their running statistics. */
    public List<BatchNorm> batchNorms() {
        List<BatchNorm> all = new ArrayList<>();
        for (List<Unit> level : levels) {
            for (Unit unit : level) {
                all.add(unit.batchNorm());
            }
        }
        return all;
    }

    List<Dropout> dropouts() {
        List<Dropout> all = new ArrayList<>();
        for (List<Unit> level : levels) {
            for (Unit unit : level) {
                if (unit.dropout() != null) {
                    all.add(unit.dropout());
                }
            }
        }
        return all;
    }

    /**
     * For a network with no hidden level: makes the output unit the affine map
     * logits = bias + (x − mean)·weights of its concatenated inputs (its batch norm reduced to centring), to
     * which the direct sparse path, if any, still adds. How a linear model solved elsewhere becomes this network:
     * the weights layout, and so the model file, stay those of any network.
     *
     * @param mean    per input column (concatenated in the order of the output unit's inputs)
     * @param weights inputs × classes, row-major
     * @param bias    per class
     */
    public void setAffineOutput(double[] mean, double[] weights, double[] bias) {
        if (architecture.hiddenLevels() != 0) {
            throw new IllegalStateException("only a network without hidden levels is an affine map of its inputs");
        }
        Unit output = levels.get(0).get(0);
        output.batchNorm().setCentring(mean);
        output.dense().set(weights, bias);
    }

    public SparseEmbedding input() {
        return input;
    }

    /** The direct sparse → logits weights, or null when the architecture has no such path. */
    public SparseEmbedding linear() {
        return linear;
    }

    /** The row-sparse layers the optimiser updates lazily: the projection and the direct path. */
    public List<SparseEmbedding> sparseLayers() {
        return linear == null ? List.of(input) : List.of(input, linear);
    }

    /** Frees optimiser state of the sparse layers once training is over. */
    public void releaseTrainingState() {
        for (SparseEmbedding layer : sparseLayers()) {
            layer.releaseTrainingState();
        }
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Every value inference depends on, except the embedding: parameters then running stats. */
    public List<double[]> denseState() {
        List<double[]> state = new ArrayList<>();
        for (Parameter p : parameters()) {
            state.add(p.value());
        }
        for (BatchNorm bn : batchNorms()) {
            state.add(bn.runningMean());
            state.add(bn.runningVar());
        }
        return state;
    }

    /** Rounds all dense weights to float precision (the embedding is float already) so a float32 model file reproduces them exactly. */
    public void roundToFloat() {
        for (double[] values : denseState()) {
            round(values);
        }
    }

    private static void round(double[] values) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) values[i];
        }
    }

    public NetworkSnapshot snapshot() {
        return NetworkSnapshot.of(this);
    }

    public long parameterCount() {
        long count = (long) input.dims() * input.width() + (linear == null ? 0 : (long) linear.dims() * linear.width());
        for (Parameter p : parameters()) {
            count += p.size();
        }
        return count;
    }
}
