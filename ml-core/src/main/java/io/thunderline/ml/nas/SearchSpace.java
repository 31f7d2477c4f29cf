package io.thunderline.ml.nas;

import io.thunderline.ml.nn.ActivationFunction;

/**
 * Every knob of the architecture search, immutable, with the defaults of the description.
 *
 * @param minLevels              fewest hidden levels
 * @param maxLevels              most hidden levels
 * @param minUnitsPerLevel       fewest units in a hidden level
 * @param maxUnitsPerLevel       most units in a hidden level
 * @param minNeuronsPerUnit      fewest neurons of a unit's dense layer
 * @param maxNeuronsPerUnit      most neurons of a unit's dense layer
 * @param inputWidth             width of the sparse×dense input projection (level 0)
 * @param activation             hidden activation (elu)
 * @param learningRate           AdamW learning rate (0.005)
 * @param weightDecay            AdamW decoupled weight decay (0.004)
 * @param epochs                 epochs per trial (7)
 * @param batchSize              mini-batch size (200)
 * @param minBatchesPerEpoch     small data sets get smaller batches so an epoch still has at
 *                               least this many optimiser steps (10); large ones keep batchSize
 * @param affinityFirst          draws per input unit for the first hidden level (5)
 * @param affinityMain           base draws per unit of an earlier level (0.7)
 * @param affinityDecay          per-level-distance decay of affinityMain (0.7)
 * @param pLateral               probability of a lateral connection (0.97)
 * @param lateralDecay           decay of pLateral per consecutive lateral (0.95)
 * @param maxConsecutiveLaterals longest run of lateral connections in a level
 * @param dropout                dropout after hidden activations (0 = none)
 * @param moieties               architecture skeletons (level and unit counts) to draw
 * @param tries                  trials per moiety (neurons and connections re-drawn)
 * @param validationFraction     share of the data held out to rank trials
 * @param seed                   seed of every random choice
 * @param linearTrials           also try the linear models (no hidden level): sentence vector → output,
 *                               hashed n-grams → output, and both; so the search can always find a
 *                               well-regularised linear model
 * @param convexLinear           train the linear trials by {@link ConvexLinear}: the optimum of an L2-regularised
 *                               logistic regression at each C of a small grid, C chosen on the held-out examples
 *                               like an epoch (off: AdamW for {@code epochs}, like every trial)
 * @param convexLinearMaxNonZeros the convex solver is used when the training data has at most this many non-zero
 *                               n-gram features (1,000,000: tens to a few hundred texts); above, its C path costs
 *                               3-6 times the AdamW epochs it replaces (measured on the benchmark sets), so large
 *                               data keeps AdamW
 * @param balancedClassWeights   weigh each class's loss by n / (classes · n_c), for macro F1 on imbalanced data
 * @param crossValidationBelow   with fewer examples, trials are ranked by stratified k-fold cross-validation
 *                               instead of one validation split (a split of a small set is mostly noise)
 * @param maxFolds               k of that cross-validation (fewer when a class has fewer examples)
 * @param tuneDecisionBias       tune per-class decision offsets for macro F1 on the winner's held-out predictions
 *                               ({@link DecisionBias})
 * @param minBatchSize           smallest mini-batch (batch norm needs a few rows); an epoch of small data
 *                               then passes over it several times to make minBatchesPerEpoch steps
 *
 * <p>Over 300 lines only because each of its 33 settings has a check and a builder method (a record with defaults).
 */
public record SearchSpace(
        int minLevels, int maxLevels,
        int minUnitsPerLevel, int maxUnitsPerLevel,
        int minNeuronsPerUnit, int maxNeuronsPerUnit,
        int inputWidth,
        ActivationFunction activation,
        double learningRate, double weightDecay,
        int epochs, int batchSize, int minBatchesPerEpoch,
        double affinityFirst, double affinityMain, double affinityDecay,
        double pLateral, double lateralDecay, int maxConsecutiveLaterals,
        double dropout,
        int moieties, int tries,
        double validationFraction,
        long seed,
        boolean convexLinear,
        long convexLinearMaxNonZeros,
        boolean linearTrials,
        boolean balancedClassWeights,
        int crossValidationBelow,
        int maxFolds,
        int minBatchSize,
        boolean tuneDecisionBias) {

    public SearchSpace {
        requireRange("levels", minLevels, maxLevels, 1);
        requireRange("units per level", minUnitsPerLevel, maxUnitsPerLevel, 1);
        requireRange("neurons per unit", minNeuronsPerUnit, maxNeuronsPerUnit, 1);
        requirePositive("inputWidth", inputWidth);
        requirePositive("epochs", epochs);
        requirePositive("batchSize", batchSize);
        requirePositive("minBatchesPerEpoch", minBatchesPerEpoch);
        requirePositive("moieties", moieties);
        requirePositive("tries", tries);
        requirePositive("minBatchSize", minBatchSize);
        if (maxFolds < 2) {
            throw new IllegalArgumentException("maxFolds must be at least 2");
        }
        if (convexLinearMaxNonZeros < 0) {
            throw new IllegalArgumentException("convexLinearMaxNonZeros must not be negative");
        }
        if (crossValidationBelow < 0) {
            throw new IllegalArgumentException("crossValidationBelow must not be negative");
        }
        if (activation == null || activation == ActivationFunction.SOFTMAX) {
            throw new IllegalArgumentException("hidden activation must be elu, relu, gelu, tanh or linear");
        }
        if (!(learningRate > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("learningRate must be > 0 and weightDecay >= 0");
        }
        if (affinityFirst <= 0 || affinityMain <= 0 || affinityDecay <= 0) {
            throw new IllegalArgumentException("affinities must be positive");
        }
        if (pLateral < 0 || pLateral > 1 || lateralDecay < 0 || lateralDecay > 1 || maxConsecutiveLaterals < 0) {
            throw new IllegalArgumentException("lateral settings out of range");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1)");
        }
        if (validationFraction <= 0 || validationFraction >= 1) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1)");
        }
    }

    public static SearchSpace defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Trials of the random moieties (the linear trials come on top, see {@link ArchitectureSearch}). */
    public int trials() {
        return moieties * tries;
    }

    private static void requireRange(String name, int min, int max, int floor) {
        if (min < floor || max < min) {
            throw new IllegalArgumentException(name + ": need " + floor + " <= min <= max, got " + min + ".." + max);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** Mutable builder starting from the defaults. */
    public static final class Builder {
        private int minLevels = 1;
        private int maxLevels = 3;
        private int minUnitsPerLevel = 1;
        private int maxUnitsPerLevel = 3;
        private int minNeuronsPerUnit = 8;
        private int maxNeuronsPerUnit = 48;
        private int inputWidth = 16;
        private ActivationFunction activation = ActivationFunction.ELU;
        private double learningRate = 0.005;
        private double weightDecay = 0.004;
        private int epochs = 7;
        private int batchSize = 200;
        private int minBatchesPerEpoch = 10;
        private double affinityFirst = 5;
        private double affinityMain = 0.7;
        private double affinityDecay = 0.7;
        private double pLateral = 0.97;
        private double lateralDecay = 0.95;
        private int maxConsecutiveLaterals = 3;
        private double dropout = 0;
        private int moieties = 2;
        private int tries = 2;
        private double validationFraction = 0.2;
        private long seed = 42;
        private boolean convexLinear = true;
        private long convexLinearMaxNonZeros = 1_000_000;
        private boolean linearTrials = true;
        private boolean balancedClassWeights = true;
        private int crossValidationBelow = 500;
        private int maxFolds = 5;
        private int minBatchSize = 16;
        private boolean tuneDecisionBias = true;

        private Builder() {
        }

        private Builder(SearchSpace s) {
            minLevels = s.minLevels;
            maxLevels = s.maxLevels;
            minUnitsPerLevel = s.minUnitsPerLevel;
            maxUnitsPerLevel = s.maxUnitsPerLevel;
            minNeuronsPerUnit = s.minNeuronsPerUnit;
            maxNeuronsPerUnit = s.maxNeuronsPerUnit;
            inputWidth = s.inputWidth;
            activation = s.activation;
            learningRate = s.learningRate;
            weightDecay = s.weightDecay;
            epochs = s.epochs;
            batchSize = s.batchSize;
            minBatchesPerEpoch = s.minBatchesPerEpoch;
            affinityFirst = s.affinityFirst;
            affinityMain = s.affinityMain;
            affinityDecay = s.affinityDecay;
            pLateral = s.pLateral;
            lateralDecay = s.lateralDecay;
            maxConsecutiveLaterals = s.maxConsecutiveLaterals;
            dropout = s.dropout;
            moieties = s.moieties;
            tries = s.tries;
            validationFraction = s.validationFraction;
            seed = s.seed;
            convexLinear = s.convexLinear;
            convexLinearMaxNonZeros = s.convexLinearMaxNonZeros;
            linearTrials = s.linearTrials;
            balancedClassWeights = s.balancedClassWeights;
            crossValidationBelow = s.crossValidationBelow;
            maxFolds = s.maxFolds;
            minBatchSize = s.minBatchSize;
            tuneDecisionBias = s.tuneDecisionBias;
        }

        public Builder levels(int min, int max) {
            minLevels = min;
            maxLevels = max;
            return this;
        }

        public Builder unitsPerLevel(int min, int max) {
            minUnitsPerLevel = min;
            maxUnitsPerLevel = max;
            return this;
        }

        public Builder neuronsPerUnit(int min, int max) {
            minNeuronsPerUnit = min;
            maxNeuronsPerUnit = max;
            return this;
        }

        public Builder inputWidth(int width) {
            inputWidth = width;
            return this;
        }

        public Builder activation(ActivationFunction f) {
            activation = f;
            return this;
        }

        public Builder learningRate(double rate) {
            learningRate = rate;
            return this;
        }

        public Builder weightDecay(double decay) {
            weightDecay = decay;
            return this;
        }

        public Builder epochs(int n) {
            epochs = n;
            return this;
        }

        public Builder batchSize(int n) {
            batchSize = n;
            return this;
        }

        public Builder minBatchesPerEpoch(int n) {
            minBatchesPerEpoch = n;
            return this;
        }

        public Builder affinityFirst(double a) {
            affinityFirst = a;
            return this;
        }

        public Builder affinityMain(double a) {
            affinityMain = a;
            return this;
        }

        public Builder affinityDecay(double d) {
            affinityDecay = d;
            return this;
        }

        public Builder pLateral(double p) {
            pLateral = p;
            return this;
        }

        public Builder lateralDecay(double d) {
            lateralDecay = d;
            return this;
        }

        public Builder maxConsecutiveLaterals(int n) {
            maxConsecutiveLaterals = n;
            return this;
        }

        public Builder dropout(double rate) {
            dropout = rate;
            return this;
        }

        public Builder moieties(int n) {
            moieties = n;
            return this;
        }

        public Builder tries(int n) {
            tries = n;
            return this;
        }

        public Builder validationFraction(double f) {
            validationFraction = f;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder convexLinear(boolean on) {
            convexLinear = on;
            return this;
        }

        public Builder convexLinearMaxNonZeros(long n) {
            convexLinearMaxNonZeros = n;
            return this;
        }

        public Builder linearTrials(boolean on) {
            linearTrials = on;
            return this;
        }

        public Builder balancedClassWeights(boolean on) {
            balancedClassWeights = on;
            return this;
        }

        public Builder crossValidationBelow(int examples) {
            crossValidationBelow = examples;
            return this;
        }

        public Builder maxFolds(int k) {
            maxFolds = k;
            return this;
        }

        public Builder minBatchSize(int n) {
            minBatchSize = n;
            return this;
        }

        public Builder tuneDecisionBias(boolean on) {
            tuneDecisionBias = on;
            return this;
        }

        public SearchSpace build() {
            return new SearchSpace(minLevels, maxLevels, minUnitsPerLevel, maxUnitsPerLevel, minNeuronsPerUnit,
                    maxNeuronsPerUnit, inputWidth, activation, learningRate, weightDecay, epochs, batchSize,
                    minBatchesPerEpoch, affinityFirst, affinityMain, affinityDecay, pLateral, lateralDecay, maxConsecutiveLaterals,
                    dropout, moieties, tries, validationFraction, seed, convexLinear, convexLinearMaxNonZeros, linearTrials, balancedClassWeights,
                    crossValidationBelow, maxFolds, minBatchSize, tuneDecisionBias);
        }
    }
}
