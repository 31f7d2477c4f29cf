package io.thunderline.ui.stream;

import io.thunderline.ui.config.UiConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one live feed of this instance. */
@ApplicationScoped
public class FeedBeans {
    @Produces
    @Singleton
    LiveFeed liveFeed(UiConfig config) {
        return new LiveFeed(config.stream().replaySize());
    }
}
