package io.thunderline.upm.service;

import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.FamilyRow;

/**
 * What a family's trainer holds in memory: the learner (continuing from the head snapshot plus the windows applied
 * since), how many windows it applied since that snapshot, and the served (active) model. Owned by one
 * {@link TrainerWorker} thread; {@code active} is also read by REST threads.
 */
final class FamilyState {
    final ModelType family;
    FamilyRow row;
    OnlineTrainer trainer;
    int sinceSnapshot;
    final RecentRows recent;
    volatile ActiveModel active;
    /** A newer snapshot served to {@link #canaryAgents} only, or null. */
    volatile ActiveModel canary;
    volatile java.util.List<String> canaryAgents = java.util.List.of();
    long lastResendNanos = Long.MIN_VALUE / 2;

    FamilyState(ModelType family, FamilyRow row, OnlineTrainer trainer, int sinceSnapshot, ActiveModel active,
                RecentRows recent) {
        this.family = family;
        this.recent = recent;
        this.row = row;
        this.trainer = trainer;
        this.sinceSnapshot = sinceSnapshot;
        this.active = active;
    }

    void startCanary(ActiveModel model, java.util.List<String> agents) {
        canaryAgents = java.util.List.copyOf(agents);
        canary = model;
    }

    void endCanary() {
        canary = null;
        canaryAgents = java.util.List.of();
    }
}
