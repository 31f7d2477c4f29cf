package io.thunderline.upm.service;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.upm.domain.FamilyRow;

import java.util.List;
import java.util.Optional;

/**
 * What a family's trainer holds in memory: the learner (continuing from the head snapshot plus the windows applied
 * since), how many windows it applied since that snapshot, the rows a drift check scores, and the served (active)
 * model and canary. Written only by its {@link TrainerWorker}, on the worker's thread (the mutators below are called
 * from nowhere else); the services that work on a family read it and return what changed. {@code active} and the
 * canary are also read by REST threads.
 */
final class FamilyState {
    private final ModelType family;
    private final RecentRows recent;
    private FamilyRow row;
    private OnlineTrainer trainer;
    private int sinceSnapshot;
    private volatile ActiveModel active;
    /** A newer snapshot served to {@link #canaryAgents} only, or null. */
    private volatile ActiveModel canary;
    private volatile List<String> canaryAgents = List.of();

    FamilyState(ModelType family, FamilyRow row, OnlineTrainer trainer, int sinceSnapshot, RecentRows recent,
                ActiveModel active, ActiveModel canary, List<String> canaryAgents) {
        this.family = family;
        this.recent = recent;
        this.row = row;
        this.trainer = trainer;
        this.sinceSnapshot = sinceSnapshot;
        this.active = active;
        this.canary = canary;
        this.canaryAgents = List.copyOf(canaryAgents);
    }

    ModelType family() {
        return family;
    }

    /** The family's row as last read (its label vocabulary). */
    FamilyRow row() {
        return row;
    }

    OnlineSoftmax model() {
        return trainer.model();
    }

    int sinceSnapshot() {
        return sinceSnapshot;
    }

    /** The served model, or null before the first activation. */
    ActiveModel active() {
        return active;
    }

    ActiveModel canary() {
        return canary;
    }

    List<String> canaryAgents() {
        return canaryAgents;
    }

    /** The newest rows learned by {@code activeVersion}, if memory knows them (see {@link RecentRows}). */
    Optional<List<SparseVector>> rowsLearnedBy(long activeVersion) {
        return recent.learnedBy(activeVersion);
    }

    // --- written by the TrainerWorker only ---

    OnlineTrainer.WindowOutcome apply(FeatureWindow window, FamilyRow current) {
        row = current;
        OnlineTrainer.WindowOutcome outcome = trainer.apply(window, current.labels());
        recent.applied(window.rows());
        sinceSnapshot++;
        return outcome;
    }

    void snapshotted(long version, FamilyRow current) {
        row = current;
        recent.snapshotted(version);
        sinceSnapshot = 0;
    }

    void activated(ActiveModel model) {
        active = model;
        endCanary();
    }

    /** The trainer continues from an earlier snapshot: what was learned since is out of the model. */
    void rolledBack(ActiveModel model, OnlineSoftmax restored) {
        activated(model);
        trainer = new OnlineTrainer(restored);
        sinceSnapshot = 0;
        recent.reset();
    }

    void startCanary(ActiveModel model, List<String> agents) {
        canaryAgents = List.copyOf(agents);
        canary = model;
    }

    void endCanary() {
        canary = null;
        canaryAgents = List.of();
    }
}
