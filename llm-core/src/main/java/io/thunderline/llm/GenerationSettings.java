package io.thunderline.llm;

/**
 * How text is generated.
 *
 * @param maxTokens     most tokens generated
 * @param temperature   0 = greedy (deterministic)
 * @param seed          sampling seed (the same seed and prompt give the same text)
 * @param repeatPenalty penalty on tokens seen in the last {@code repeatLastN} tokens (1 = none)
 * @param repeatLastN   window of that penalty
 */
public record GenerationSettings(int maxTokens, double temperature, int seed, double repeatPenalty, int repeatLastN) {

    public GenerationSettings {
        if (maxTokens < 1 || maxTokens > 4096) {
            throw new IllegalArgumentException("maxTokens must be 1..4096, was " + maxTokens);
        }
        if (!(temperature >= 0) || temperature > 2) {
            throw new IllegalArgumentException("temperature must be 0..2, was " + temperature);
        }
        if (!(repeatPenalty >= 1) || repeatPenalty > 2) {
            throw new IllegalArgumentException("repeatPenalty must be 1..2, was " + repeatPenalty);
        }
    }

    public static GenerationSettings greedy(int maxTokens) {
        return new GenerationSettings(maxTokens, 0.0, 42, 1.15, 64);
    }

    public GenerationSettings withMaxTokens(int n) {
        return new GenerationSettings(n, temperature, seed, repeatPenalty, repeatLastN);
    }

    public GenerationSettings withTemperature(double t) {
        return new GenerationSettings(maxTokens, t, seed, repeatPenalty, repeatLastN);
    }
}
