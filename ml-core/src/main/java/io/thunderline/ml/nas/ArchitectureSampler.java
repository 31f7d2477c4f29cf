package io.thunderline.ml.nas;

import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.nn.UnitRef;
import io.thunderline.ml.nn.UnitSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Draws architectures the Cerebros way. A moiety fixes the skeleton (how many hidden levels,
 * how many units in each); each try of it re-draws neurons and connections:
 * <ul>
 *   <li>first hidden level: ceil(affinityFirst · |j|) draws from the input level j;</li>
 *   <li>level k &gt; 1 (and the output): ceil(affinityMain · affinityDecay^(k−j) · |j|) draws
 *       from every earlier level j, uniformly with replacement (duplicates collapse);</li>
 *   <li>unit u &gt; 0 of a level takes a lateral input from unit u−1 with probability
 *       pLateral · lateralDecay^m, m being the current run of laterals, capped at
 *       maxConsecutiveLaterals;</li>
 *   <li>units nothing consumes are wired into a random unit of the next level.</li>
 * </ul>
 * The input level holds up to two nodes — the hashed n-gram projection {@code in} and the
 * pretrained sentence vector {@code emb} — and a trial also decides which of them exist and
 * whether the hashed n-grams reach the output directly ({@link Inputs}). A skeleton with no
 * hidden level is a linear model.
 */
public final class ArchitectureSampler {

    /** Which inputs a trial uses: the n-gram projection, the sentence vector, the direct n-gram path. */
    public record Inputs(boolean sparse, boolean dense, boolean sparseLinear) {
        public Inputs {
            if (!sparse && !dense) {
                throw new IllegalArgumentException("a network needs the n-gram projection or the sentence vector");
            }
        }
    }

    private final SearchSpace space;
    private final int inputDims;
    private final int denseDims;
    private final int classes;

    public ArchitectureSampler(SearchSpace space, int inputDims, int classes) {
        this(space, inputDims, 0, classes);
    }

    /** {@code denseDims} is the sentence vector's width, 0 when there is no encoder. */
    public ArchitectureSampler(SearchSpace space, int inputDims, int denseDims, int classes) {
        this.space = space;
        this.inputDims = inputDims;
        this.denseDims = denseDims;
        this.classes = classes;
    }

    /** Draws the inputs of a trial: either or both input nodes (where an encoder exists), and the direct path half the time. */
    public Inputs inputs(SplittableRandom random) {
        if (denseDims == 0) {
            return new Inputs(true, false, random.nextBoolean());
        }
        int which = random.nextInt(3);
        return new Inputs(which != 1, which != 0, random.nextBoolean());
    }

    /** The linear models every search tries first (no hidden level), best-known shapes first. */
    public List<Inputs> linearInputs() {
        if (denseDims == 0) {
            return List.of(new Inputs(true, false, true));
        }
        return List.of(new Inputs(false, true, true), new Inputs(false, true, false), new Inputs(true, false, true));
    }

    /** The original draw: the n-gram projection only, no direct path. */
    public Architecture sample(int[] skeleton, SplittableRandom random) {
        return sample(skeleton, random, new Inputs(true, false, false));
    }

    /** Hidden-level unit counts of a moiety. */
    public int[] skeleton(SplittableRandom random) {
        int levels = between(random, space.minLevels(), space.maxLevels());
        int[] units = new int[levels];
        for (int k = 0; k < levels; k++) {
            units[k] = between(random, space.minUnitsPerLevel(), space.maxUnitsPerLevel());
        }
        return units;
    }

    public Architecture sample(int[] skeleton, SplittableRandom random, Inputs chosen) {
        if (chosen.dense() && denseDims == 0) {
            throw new IllegalArgumentException("no sentence encoder: the dense input is not available");
        }
        List<UnitRef> inputNodes = new ArrayList<>();
        if (chosen.sparse()) {
            inputNodes.add(UnitRef.INPUT);
        }
        if (chosen.dense()) {
            inputNodes.add(Architecture.DENSE_INPUT);
        }
        int outputLevel = skeleton.length + 1;
        int[] sizes = new int[outputLevel + 1];
        sizes[0] = inputNodes.size();
        System.arraycopy(skeleton, 0, sizes, 1, skeleton.length);
        sizes[outputLevel] = 1;

        List<List<TreeSet<UnitRef>>> inputs = new ArrayList<>();
        int[][] neurons = new int[outputLevel + 1][];
        for (int k = 1; k <= outputLevel; k++) {
            List<TreeSet<UnitRef>> level = new ArrayList<>();
            neurons[k] = new int[sizes[k]];
            int lateralRun = 0;
            for (int u = 0; u < sizes[k]; u++) {
                neurons[k][u] = k == outputLevel ? classes
                        : between(random, space.minNeuronsPerUnit(), space.maxNeuronsPerUnit());
                TreeSet<UnitRef> from = new TreeSet<>();
                drawVertical(k, sizes, inputNodes, random, from);
                if (u > 0 && k < outputLevel) {
                    boolean allowed = lateralRun < space.maxConsecutiveLaterals();
                    double p = space.pLateral() * Math.pow(space.lateralDecay(), lateralRun);
                    if (allowed && random.nextDouble() < p) {
                        from.add(new UnitRef(k, u - 1));
                        lateralRun++;
                    } else {
                        lateralRun = 0;
                    }
                }
                level.add(from);
            }
            inputs.add(level);
        }
        repairDeadEnds(inputs, sizes, random);
        for (UnitRef node : inputNodes) {
            // a chosen input that no unit reads would cost its features for nothing
            boolean read = inputs.stream().flatMap(List::stream).anyMatch(set -> set.contains(node));
            if (!read) {
                inputs.get(0).get(random.nextInt(sizes[1])).add(node);
            }
        }

        List<List<UnitSpec>> levels = new ArrayList<>();
        for (int k = 1; k <= outputLevel; k++) {
            List<UnitSpec> level = new ArrayList<>();
            for (int u = 0; u < sizes[k]; u++) {
                level.add(new UnitSpec(neurons[k][u], List.copyOf(inputs.get(k - 1).get(u))));
            }
            levels.add(level);
        }
        return new Architecture(inputDims, chosen.sparse() ? space.inputWidth() : 0, chosen.dense() ? denseDims : 0,
                chosen.sparseLinear(), levels, space.activation(), space.dropout(), classes);
    }

    private void drawVertical(int k, int[] sizes, List<UnitRef> inputNodes, SplittableRandom random, TreeSet<UnitRef> from) {
        if (k == 1) {
            int draws = (int) Math.ceil(space.affinityFirst() * sizes[0]);
            for (int d = 0; d < draws; d++) {
                from.add(inputNodes.get(random.nextInt(sizes[0])));
            }
            return;
        }
        for (int j = 0; j < k; j++) {
            int draws = (int) Math.ceil(space.affinityMain() * Math.pow(space.affinityDecay(), k - j) * sizes[j]);
            for (int d = 0; d < draws; d++) {
                int unit = random.nextInt(sizes[j]);
                from.add(j == 0 ? inputNodes.get(unit) : new UnitRef(j, unit));
            }
        }
    }

    /** Wires every hidden unit that no later unit reads into a random unit of the next level. */
    private static void repairDeadEnds(List<List<TreeSet<UnitRef>>> inputs, int[] sizes, SplittableRandom random) {
        int outputLevel = sizes.length - 1;
        for (int k = 1; k < outputLevel; k++) {
            for (int u = 0; u < sizes[k]; u++) {
                UnitRef self = new UnitRef(k, u);
                boolean consumed = inputs.stream().flatMap(List::stream).anyMatch(set -> set.contains(self));
                if (!consumed) {
                    inputs.get(k).get(random.nextInt(sizes[k + 1])).add(self);
                }
            }
        }
    }

    private static int between(SplittableRandom random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }
}
