package io.thunderline.upm.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "thunderline.upm")
public interface UpmConfig {
    /** The feature flag (unified_model in the guide); an admin may flip it at run time. */
    @WithDefault("true")
    boolean enabled();

    /** How often upm.status is published. */
    @WithDefault("5s")
    Duration statusInterval();
}
