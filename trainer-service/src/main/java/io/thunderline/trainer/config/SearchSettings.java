package io.thunderline.trainer.config;

import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Budget of the architecture search a job runs; unset values keep ml-core's defaults. */
public interface SearchSettings {
    Optional<Integer> moieties();

    Optional<Integer> tries();

    Optional<Integer> epochs();

    /** Fraction of each class kept out of training to evaluate the final model. */
    @WithDefault("0.2")
    double heldOutFraction();

    /** Hash buckets of the text features; 0 picks by dataset size (2^14 / 2^16 / 2^18). */
    @WithDefault("0")
    int hashDims();

    @WithDefault("42")
    long seed();

    /** Offer the pretrained sentence encoder (all-MiniLM-L6-v2, in process) to the search. */
    @WithDefault("true")
    boolean encoder();

    /**
     * Time budget of one classification training; the sentence encoder may use 40 % of it (it reads less of each text or
     * is left out to fit), and the search starts no drawn trial that would end past it.
     */
    @WithDefault("60s")
    java.time.Duration budget();

    /** With fewer examples the quality is estimated by k-fold cross-validation and the model learns from all of them. */
    @WithDefault("500")
    int crossValidationBelow();

    /** k of that cross-validation (fewer when a class has fewer examples). */
    @WithDefault("5")
    int folds();
}
