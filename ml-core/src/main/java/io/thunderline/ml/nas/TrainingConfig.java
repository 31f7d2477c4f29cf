package io.thunderline.ml.nas;

/**
 * How one network is trained. The batch size shrinks for small data sets so an epoch has at
 * least {@code minBatchesPerEpoch} optimiser steps (one step per epoch learns almost nothing).
 */
public record TrainingConfig(int epochs, int batchSize, int minBatchesPerEpoch, double learningRate,
                             double weightDecay, long seed, boolean balancedClassWeights, int minBatchSize) {

    public TrainingConfig(int epochs, int batchSize, int minBatchesPerEpoch, double learningRate,
                          double weightDecay, long seed) {
        this(epochs, batchSize, minBatchesPerEpoch, learningRate, weightDecay, seed, false, 1);
    }

    public static TrainingConfig from(SearchSpace space, long seed) {
        return new TrainingConfig(space.epochs(), space.batchSize(), space.minBatchesPerEpoch(), space.learningRate(),
                space.weightDecay(), seed, space.balancedClassWeights(), space.minBatchSize());
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(n, batchSize, minBatchesPerEpoch, learningRate, weightDecay, seed, balancedClassWeights,
                minBatchSize);
    }

    /** Passes over the data per epoch, so that an epoch makes at least minBatchesPerEpoch steps. */
    public int passesPerEpoch(int examples) {
        int batches = (int) Math.ceil(examples / (double) effectiveBatchSize(examples));
        return Math.max(1, (int) Math.ceil(minBatchesPerEpoch / (double) batches));
    }

    /** n / (classes · n_c) per class: each class weighs as much as the others in the loss (1 where a class is absent). */
    public static double[] balancedWeights(int[] classCounts) {
        int n = 0;
        int present = 0;
        for (int c : classCounts) {
            n += c;
            present += c > 0 ? 1 : 0;
        }
        double[] w = new double[classCounts.length];
        for (int c = 0; c < w.length; c++) {
            w[c] = classCounts[c] == 0 ? 1 : n / ((double) present * classCounts[c]);
        }
        return w;
    }

    /** The batch size used for {@code examples} training examples. */
    public int effectiveBatchSize(int examples) {
        int forMinBatches = (int) Math.ceil(examples / (double) minBatchesPerEpoch);
        int size = Math.max(Math.min(minBatchSize, examples), Math.min(batchSize, forMinBatches));
        return Math.max(1, size);
    }
}
