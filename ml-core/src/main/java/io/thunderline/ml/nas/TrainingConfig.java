package io.thunderline.ml.nas;

/** How one network is trained. */
public record TrainingConfig(int epochs, int batchSize, double learningRate, double weightDecay, long seed) {

    public static TrainingConfig from(SearchSpace space, long seed) {
        return new TrainingConfig(space.epochs(), space.batchSize(), space.learningRate(), space.weightDecay(), seed);
    }

    public TrainingConfig withEpochs(int n) {
        return new TrainingConfig(n, batchSize, learningRate, weightDecay, seed);
    }
}
