package io.thunderline.ml.model;

import io.thunderline.ml.nn.ActivationFunction;

/**
 * Settings of the character language model.
 *
 * @param hashDims         buckets of the hashed prompt/context features
 * @param contextChars     longest response suffix used as context
 * @param inputWidth       width of the sparse input projection
 * @param hiddenNeurons    neurons of the hidden unit
 * @param activation       hidden activation
 * @param epochs           passes over the training characters
 * @param batchSize        characters per mini-batch
 * @param learningRate     AdamW learning rate
 * @param weightDecay      AdamW weight decay
 * @param maxResponseChars longer responses are cut (keeps training time bounded)
 * @param seed             seed of every random choice
 */
public record LanguageModelConfig(int hashDims, int contextChars, int inputWidth, int hiddenNeurons,
                                  ActivationFunction activation, int epochs, int batchSize, double learningRate,
                                  double weightDecay, int maxResponseChars, long seed) {

    public LanguageModelConfig {
        if (hashDims < 2 || contextChars < 1 || inputWidth < 1 || hiddenNeurons < 1 || epochs < 1 || batchSize < 1
                || maxResponseChars < 1 || !(learningRate > 0) || weightDecay < 0) {
            throw new IllegalArgumentException("invalid language model settings");
        }
    }

    public static LanguageModelConfig defaults() {
        return new LanguageModelConfig(1 << 18, 6, 64, 128, ActivationFunction.ELU, 10, 200, 0.005, 0.004, 1024, 42);
    }

    public LanguageModelConfig withEpochs(int n) {
        return new LanguageModelConfig(hashDims, contextChars, inputWidth, hiddenNeurons, activation, n, batchSize,
                learningRate, weightDecay, maxResponseChars, seed);
    }

    public LanguageModelConfig withHashDims(int dims) {
        return new LanguageModelConfig(dims, contextChars, inputWidth, hiddenNeurons, activation, epochs, batchSize,
                learningRate, weightDecay, maxResponseChars, seed);
    }

    public LanguageModelConfig withSeed(long s) {
        return new LanguageModelConfig(hashDims, contextChars, inputWidth, hiddenNeurons, activation, epochs, batchSize,
                learningRate, weightDecay, maxResponseChars, s);
    }
}
