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
    volatile ActiveModel active;
    long lastResendNanos = Long.MIN_VALUE / 2;

    FamilyState(ModelType family, FamilyRow row, OnlineTrainer trainer, int sinceSnapshot, ActiveModel active) {
        this.family = family;
        this.row = row;
        this.trainer = trainer;
        this.sinceSnapshot = sinceSnapshot;
        this.active = active;
    }
}
