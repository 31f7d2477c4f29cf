package io.thunderline.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How hard a consumer tries before a message goes to its dead-letter topic. */
@ConfigMapping(prefix = "thunderline.consumer")
public interface ConsumerConfig {
    /** Attempts per message, the first included. */
    @WithDefault("3")
    int attempts();

    /**
     * Prefix of recorded message ids. Set it per instance where every instance must see every message (its own
     * consumer group), e.g. the page's live feed; leave it empty where instances share the work.
     */
    java.util.Optional<String> idScope();
}
