package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.support.Outbox;
import io.thunderline.upm.domain.DriftRow;
import io.thunderline.upm.domain.SnapshotRow;
import io.thunderline.upm.repository.DriftRepository;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.repository.WindowRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

import static io.thunderline.upm.service.TrainerWorker.await;

/**
 * Admin actions on snapshots, run on the family's trainer thread:
 * <ul>
 *   <li>activate: serve a newer snapshot (a quarantined one only with {@code force}, the admin override);</li>
 *   <li>rollback: serve an earlier snapshot again. Every live snapshot after it is marked rolled_back, the trainer
 *       continues from the target (windows of rolled-back snapshots stay stored but out of the model; windows applied
 *       since the last snapshot are applied again on top of the target), and the adapter takes agents back.</li>
 * </ul>
 */
@ApplicationScoped
public class AdminActions {
    private static final Logger LOG = Logger.getLogger(AdminActions.class);

    private final TrainerWorkers workers;
    private final SnapshotRepository snapshots;
    private final DriftRepository drift;
    private final WindowRepository windows;
    private final FamilyRepository families;
    private final AdapterSync adapters;
    private final Outbox outbox;
    private final StatusPublisher status;

    public AdminActions(TrainerWorkers workers, SnapshotRepository snapshots, DriftRepository drift, WindowRepository windows,
                        FamilyRepository families, AdapterSync adapters, Outbox outbox, StatusPublisher status) {
        this.workers = workers;
        this.snapshots = snapshots;
        this.drift = drift;
        this.windows = windows;
        this.families = families;
        this.adapters = adapters;
        this.outbox = outbox;
        this.status = status;
    }

    public Uni<SnapshotRow> activate(ModelType family, long version, boolean force) {
        TrainerWorker worker = workers.worker(family);
        return Uni.createFrom().completionStage(worker.submit(loaded -> {
            FamilyState s = loaded.orElseThrow(() -> UpmException.notFound("no " + family.wireName() + " snapshots yet"));
            SnapshotRow target = find(family, version);
            if (target.active()) {
                return target;
            }
            switch (target.status()) {
                case ARCHIVED -> throw UpmException.conflict(target.snapshotId() + " is archived: its weights were dropped");
                case ROLLED_BACK -> throw UpmException.conflict(target.snapshotId()
                        + " was rolled back and cannot be served again; activate a newer snapshot or roll back to an older one");
                default -> {
                }
            }
            if (s.active != null && version < s.active.version()) {
                throw UpmException.conflict("v" + version + " is older than the active v" + s.active.version()
                        + "; use POST /upm/snapshots/" + family.wireName() + "/" + version + "/rollback");
            }
            if (target.status() == SnapshotStatus.QUARANTINED && !force) {
                String why = latestDrift(family, version);
                throw UpmException.conflict(target.snapshotId() + " is quarantined" + why
                        + "; add ?force=true to activate it anyway (admin override)");
            }
            OnlineSoftmax model = worker.loadModel(version);
            ActiveModel next = new ActiveModel(family, version, model, target.labels(), target.checksum());
            String reason = target.status() == SnapshotStatus.QUARANTINED ? "admin override of quarantine" : "admin activation";
            adapters.activate(s, next, model.snapshotWeights(), reason, tx -> Uni.createFrom().voidItem());
            LOG.infof("%s: %s by admin (%s)", family.wireName(), target.snapshotId(), reason);
            status.changed();
            return find(family, version);
        }));
    }

    public Uni<SnapshotRow> rollback(ModelType family, long version) {
        TrainerWorker worker = workers.worker(family);
        return Uni.createFrom().completionStage(worker.submit(loaded -> {
            FamilyState s = loaded.orElseThrow(() -> UpmException.notFound("no " + family.wireName() + " snapshots yet"));
            SnapshotRow target = find(family, version);
            if (s.active == null) {
                throw UpmException.conflict("no " + family.wireName() + " snapshot is active yet; activate one instead");
            }
            if (version == s.active.version()) {
                throw UpmException.conflict(target.snapshotId() + " is already the active snapshot");
            }
            if (version > s.active.version()) {
                throw UpmException.conflict("rollback goes back to an earlier snapshot than the active v" + s.active.version()
                        + "; use POST /upm/snapshots/" + family.wireName() + "/" + version + "/activate");
            }
            if (!target.weightsKept() || target.status() == SnapshotStatus.ARCHIVED) {
                throw UpmException.conflict(target.snapshotId() + " is archived: its weights were dropped, so it cannot be served");
            }
            if (target.status() == SnapshotStatus.ROLLED_BACK || target.status() == SnapshotStatus.QUARANTINED) {
                throw UpmException.conflict(target.snapshotId() + " is " + target.status().wireName()
                        + "; roll back to a snapshot that was activated");
            }
            OnlineSoftmax served = worker.loadModel(version);
            OnlineSoftmax trainer = worker.loadModel(version);
            long from = s.active.version();
            ActiveModel next = new ActiveModel(family, version, served, target.labels(), target.checksum());
            adapters.activate(s, next, served.snapshotWeights(), "rollback from v" + from, tx ->
                    snapshots.rollBackAfter(tx, family, version)
                            .flatMap(rolled -> publishRolledBack(tx, rolled))
                            .flatMap(v -> windows.unapplyUnsnapshotted(tx, family))
                            .flatMap(v -> families.setHead(tx, family, version)));
            s.trainer = new OnlineTrainer(trainer);
            s.sinceSnapshot = 0;
            LOG.infof("%s: rolled back from v%d to v%d", family.wireName(), from, version);
            worker.wake();
            status.changed();
            return find(family, version);
        }));
    }

    private Uni<Void> publishRolledBack(io.vertx.mutiny.sqlclient.SqlClient tx, List<SnapshotRow> rolled) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (SnapshotRow r : rolled) {
            chain = chain.flatMap(v -> outbox.append(tx, UpmEvents.snapshot(r, SnapshotStatus.ROLLED_BACK, SnapshotMode.SHADOW),
                    r.family().wireName()).replaceWithVoid());
        }
        return chain;
    }

    private SnapshotRow find(ModelType family, long version) {
        return await(snapshots.find(family, version)).orElseThrow(() ->
                UpmException.notFound("no snapshot " + family.wireName() + " v" + version));
    }

    private String latestDrift(ModelType family, long version) {
        List<DriftRow> reports = await(drift.list(family, version, 1));
        if (reports.isEmpty() || reports.get(0).verdict() != DriftVerdict.QUARANTINED) {
            return "";
        }
        DriftRow r = reports.get(0);
        return String.format(" (drift p95 %.3f over threshold %.2f, PSI %.3f on %d samples)", r.p95(), r.threshold(),
                r.psi(), r.samples());
    }
}
