package io.thunderline.ml.model;

/** Mean cross-entropy per predicted character (nats) and its perplexity exp(loss). */
public record LanguageModelEvaluation(double loss, double perplexity, long characters) {
}
