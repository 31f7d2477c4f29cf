package io.thunderline.trainer.repository;

import io.thunderline.contracts.Priority;

/** Priorities are stored as numbers so that ORDER BY priority DESC puts high first. */
final class PriorityCodes {
    private PriorityCodes() {
    }

    static short code(Priority p) {
        return (short) p.ordinal();
    }

    static Priority priority(short code) {
        return Priority.values()[code];
    }
}
