package io.thunderline.ml.nas;

/**
 * How one network is trained. The batch size shrinks for small data sets so an epoch has at
 * least {@code minBatchesPerEpoch} optimiser steps (one step per epoch learns almost nothing).
 */
public record TrainingConfig(int epochs, int batchSize, int minBatchesPerEpoch, double learningRate,
                             double weightDecay, long seed) {

    public static TrainingConfig from(SearchSpace space, long seed) {
        return new TrainingConfig(space.epochs(), space.batchSize(), space.minBatchesPerEpoch(), space.learningRate(),
                space.weightDecay(), seed);
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(n, batchSize, minBatchesPerEpoch, learningRate, weightDecay, seed);
    }

    /** The batch size used for {@code examples} training examples. */
    public int effectiveBatchSize(int examples) {
        int forMinBatches = (int) Math.ceil(examples / (double) minBatchesPerEpoch);
        return Math.max(1, Math.min(batchSize, forMinBatches));
    }
}
