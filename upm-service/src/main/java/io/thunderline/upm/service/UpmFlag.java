package io.thunderline.upm.service;

import io.thunderline.upm.config.UpmConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicBoolean;

/** The unified_model feature flag: configured default, switchable by an admin at run time. */
@ApplicationScoped
public class UpmFlag {
    private final AtomicBoolean enabled;

    public UpmFlag(UpmConfig config) {
        this.enabled = new AtomicBoolean(config.enabled());
    }

    public boolean enabled() {
        return enabled.get();
    }

    public void set(boolean on) {
        enabled.set(on);
    }
}
