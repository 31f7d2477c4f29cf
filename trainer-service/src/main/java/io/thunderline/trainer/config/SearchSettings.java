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
}
