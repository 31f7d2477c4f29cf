package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.domain.FamilyRow;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.repository.WindowRepository;
import io.thunderline.upm.wire.Checksums;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static io.thunderline.upm.service.TrainerWorker.await;

/**
 * Every N windows: a snapshot of the family's learner — version, SHA-256 of the weights, the compressed model, the
 * windows it includes and metrics on the rolling holdout — stored with its windows in one transaction (status created,
 * mode shadow). While it is being stored, the {@link DriftMonitor} compares it with the active snapshot and its adapter
 * is built; then it is either activated (the drift report, the activation and the adapter in one transaction) or
 * quarantined.
 */
@ApplicationScoped
public class SnapshotManager {
    private static final Logger LOG = Logger.getLogger(SnapshotManager.class);

    private final Pool pool;
    private final UpmConfig config;
    private final SnapshotRepository snapshots;
    private final WindowRepository windows;
    private final FamilyRepository families;
    private final ModelStore store;
    private final SnapshotEvents events;
    private final DriftMonitor drift;
    private final AdapterSync adapters;
    private final StatusPublisher status;

    public SnapshotManager(Pool pool, UpmConfig config, SnapshotRepository snapshots, WindowRepository windows,
                           FamilyRepository families, ModelStore store, SnapshotEvents events, DriftMonitor drift,
                           AdapterSync adapters, StatusPublisher status) {
        this.pool = pool;
        this.config = config;
        this.snapshots = snapshots;
        this.windows = windows;
        this.families = families;
        this.store = store;
        this.events = events;
        this.drift = drift;
        this.adapters = adapters;
        this.status = status;
    }

    /**
     * What a snapshot changed, for the trainer to record: its version, the family's row as read for it, and the model
     * now served (null when the candidate was quarantined).
     */
    record Taken(long version, FamilyRow row, ActiveModel activated) {
    }

    /** Takes a snapshot of the family's learner; reads {@code s}, never changes it. */
    Taken take(FamilyState s) {
        long t0 = System.nanoTime();
        Instant takenAt = Instant.now();
        ModelType family = s.family();
        OnlineSoftmax model = s.model();
        // the lookups run in PostgreSQL while this thread copies, checksums and compresses the model
        CompletableFuture<Long> nextVersion = snapshots.nextVersion(family).subscribeAsCompletionStage();
        CompletableFuture<Optional<FamilyRow>> familyRow = families.find(family).subscribeAsCompletionStage();
        CompletableFuture<WindowRepository.Holdout> holdoutRows = windows.holdout(family,
                config.snapshots().holdoutRows()).subscribeAsCompletionStage();
        // only the classes seen: the weights of 2 labels are 2 rows, whatever the family's capacity
        float[] weights = model.snapshotWeights();
        String checksum = Checksums.sha256(weights);
        ModelStore.Stored stored = store.encode(model);
        long version = await(nextVersion);
        FamilyRow row = await(familyRow).orElseThrow();
        WindowRepository.Holdout holdout = await(holdoutRows);
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (holdout.rows() > 0) {
            metrics.put("holdout_accuracy", (double) holdout.correct() / holdout.rows());
            metrics.put("holdout_log_loss", holdout.logLoss() / holdout.rows());
        }
        metrics.put("holdout_rows", (double) holdout.rows());
        metrics.put("examples", (double) model.examplesSeen());
        // the labels the model has slots in the softmax for (the vocabulary may already name labels of windows not
        // applied yet); agents score over exactly these
        List<String> labels = row.labels().subList(0, Math.min(row.labels().size(), model.activeClasses()));
        metrics.put("labels", (double) labels.size());
        int included = s.sinceSnapshot();
        SnapshotRepository.NewSnapshot snapshot = new SnapshotRepository.NewSnapshot(family, version, checksum, included,
                model.examplesSeen(), labels, metrics, stored.encoding(), stored.bytes(), takenAt);
        CompletableFuture<?> storing = pool.withTransaction(tx -> store(tx, snapshot)).subscribeAsCompletionStage();

        // While PostgreSQL stores it (this thread would only wait): judge the candidate and build its adapter, both in
        // memory. The copy taken above is the candidate's: nothing changes it from here on.
        ActiveModel candidate = ActiveModel.of(family, version, model.dims(), model.storedClasses(), weights, labels, checksum);
        DriftMonitor.Judgement judgement = drift.judge(s, version, candidate);
        AdapterSync.Prepared adapter = judgement.verdict() == DriftVerdict.QUARANTINED ? null
                : adapters.prepare(candidate, s.active());
        await(storing);
        LOG.infof("%s: snapshot v%d of %d windows (%d examples, %d bytes stored) in %d ms", family.wireName(), version,
                included, model.examplesSeen(), stored.bytes().length, (System.nanoTime() - t0) / 1_000_000);
        status.changed();

        if (adapter == null) {
            drift.quarantine(family, version, judgement);
        } else {
            adapters.activate(s, candidate, adapter,
                    s.active() == null ? "first snapshot" : "drift " + judgement.verdict().wireName(), judgement.record());
        }
        status.changed();
        return new Taken(version, row, adapter == null ? null : candidate);
    }

    /**
     * In {@code tx}: stores the snapshot with the windows it includes (exactly {@code snapshot.windows()} of them,
     * else it fails), makes it the family's head and appends its upm.snapshots event (created, shadow).
     */
    Uni<Void> store(SqlClient tx, SnapshotRepository.NewSnapshot snapshot) {
        ModelType family = snapshot.family();
        long version = snapshot.version();
        return snapshots.insert(tx, snapshot)
                .flatMap(v -> windows.assignToSnapshot(tx, family, version))
                .invoke(assigned -> {
                    if (assigned != snapshot.windows()) {
                        throw new IllegalStateException(family.wireName() + " v" + version + ": " + assigned
                                + " windows to include, the trainer applied " + snapshot.windows());
                    }
                })
                .flatMap(v -> families.setHead(tx, family, version))
                .flatMap(v -> events.append(tx, SnapshotEvents.event(family, version, snapshot.checksum(),
                        snapshot.windows(), snapshot.metrics(), SnapshotStatus.CREATED, SnapshotMode.SHADOW)));
    }
}
