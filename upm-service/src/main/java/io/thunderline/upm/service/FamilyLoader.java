package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.domain.FamilyRow;
import io.thunderline.upm.domain.PendingWindow;
import io.thunderline.upm.domain.SnapshotRow;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.repository.WindowRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

import static io.thunderline.upm.service.TrainerWorker.await;

/**
 * Rebuilds a family's in-memory state from PostgreSQL: the learner from the head snapshot (its full AdaGrad state)
 * plus the windows applied after it, replayed in apply order, and the served and canary models. Blocking: called on
 * the family's trainer thread (which awaits each query with its timeout).
 */
@ApplicationScoped
public class FamilyLoader {
    private final UpmConfig config;
    private final FamilyRepository families;
    private final WindowRepository windows;
    private final SnapshotRepository snapshots;

    public FamilyLoader(UpmConfig config, FamilyRepository families, WindowRepository windows, SnapshotRepository snapshots) {
        this.config = config;
        this.families = families;
        this.windows = windows;
        this.snapshots = snapshots;
    }

    /** The family's state; empty while it has had no window. */
    Optional<FamilyState> load(ModelType family) {
        Optional<FamilyRow> row = await(families.find(family));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        FamilyRow f = row.get();
        OnlineTrainer trainer = f.headVersion() == null
                ? OnlineTrainer.fresh(f.dims(), f.labelCapacity(), config.trainer().learningRate())
                : new OnlineTrainer(model(family, f.headVersion()));
        List<PendingWindow> replay = await(windows.appliedSinceSnapshot(family));
        RecentRows recent = new RecentRows(config.drift().samples(), f.headVersion() == null);
        for (PendingWindow w : replay) {
            trainer.apply(w.window(), f.labels());
            recent.applied(w.window().rows());
        }
        ActiveModel active = await(snapshots.active(family)).map(this::served).orElse(null);
        Optional<SnapshotRow> canary = await(snapshots.canary(family));
        return Optional.of(new FamilyState(family, f, trainer, replay.size(), recent, active,
                canary.map(this::served).orElse(null), canary.map(SnapshotRow::canaryAgents).orElse(List.of())));
    }

    /** A stored snapshot as agents hold it. */
    ActiveModel served(SnapshotRow s) {
        return ActiveModel.of(s.family(), s.version(), model(s.family(), s.version()), s.labels(), s.checksum());
    }

    /** A stored snapshot's model (weights and AdaGrad history); refused once archived. */
    OnlineSoftmax model(ModelType family, long version) {
        SnapshotRepository.State stored = await(snapshots.state(family, version)).orElseThrow(() ->
                UpmException.conflict(family.wireName() + " snapshot v" + version + " has no weights (archived)"));
        return ModelStore.decode(stored.encoding(), stored.bytes());
    }

    /** The family's row as stored now (its label vocabulary grows as windows arrive). */
    Uni<FamilyRow> row(ModelType family) {
        return families.find(family).map(Optional::orElseThrow);
    }
}
