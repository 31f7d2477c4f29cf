package io.thunderline.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "thunderline.trainer")
public interface TrainerConfig {
    Queue queue();

    interface Queue {
        /** Jobs one instance runs at the same time. */
        @WithDefault("2")
        int concurrency();

        /** How often an idle worker looks for a job. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How often a running job proves its worker is alive. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** A running job silent this long is taken back (its worker died). */
        @WithDefault("30s")
        Duration heartbeatTimeout();

        @WithDefault("3")
        int maxAttempts();
    }
}
