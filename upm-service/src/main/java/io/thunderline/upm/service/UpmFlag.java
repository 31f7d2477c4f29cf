package io.thunderline.upm.service;

import io.thunderline.upm.config.UpmConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The unified_model feature flag: its value at start comes from configuration (UPM_ENABLED), an admin may switch it
 * at run time. While off, feature windows are still stored (nothing is lost) but not applied; switching it on applies
 * them in arrival order.
 */
@ApplicationScoped
public class UpmFlag {
    private final AtomicBoolean enabled;

    public UpmFlag(UpmConfig config) {
        this.enabled = new AtomicBoolean(config.enabled());
    }

    public boolean enabled() {
        return enabled.get();
    }

    /** Returns true if the value changed. */
    public boolean set(boolean on) {
        return enabled.getAndSet(on) != on;
    }
}
