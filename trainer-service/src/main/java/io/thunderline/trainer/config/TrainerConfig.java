package io.thunderline.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "thunderline.trainer")
public interface TrainerConfig {
    Queue queue();

    SearchSettings search();

    /** Language-model epochs (instruction following, general chat); unset keeps ml-core's default. */
    java.util.Optional<Integer> languageModelEpochs();

    /** Rows per upm.feature-windows message when a job has UPM on. */
    @WithDefault("256")
    int featureWindowSize();

    interface Queue {
        /** Jobs one instance runs at the same time. */
        @WithDefault("2")
        int concurrency();

        /** How often an idle worker looks for a job. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How often a running job proves its worker is alive. */
        @WithDefault("2s")
        Duration heartbeatInterval();

        /** A running job silent this long is taken back (its worker died). */
        @WithDefault("30s")
        Duration heartbeatTimeout();

        @WithDefault("3")
        int maxAttempts();

        /** Wait before the second attempt; doubles per attempt, capped at a minute. */
        @WithDefault("2s")
        Duration retryBackoff();
    }
}
