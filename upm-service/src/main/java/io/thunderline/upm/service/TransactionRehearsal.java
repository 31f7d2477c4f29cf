package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.DriftReport;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.domain.FamilyRow;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.repository.WindowRepository;
import io.thunderline.upm.wire.Checksums;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot's database work, rehearsed at start in a transaction that is rolled back: the lookups
 * {@link SnapshotManager#take} makes, the snapshot stored with its head and event ({@link SnapshotManager#store}), a
 * drift report with its event ({@link DriftMonitor#record}), and the activation with its adapter
 * ({@link AdapterSync#activation}). The first real snapshot then finds the statements' client code loaded and run,
 * where it otherwise spent tens of ms in class loading and the interpreter. It uses {@link #FAMILY}, a family the online learner refuses windows of, so it has no row of its own:
 * every statement touches only rows the transaction itself made, and nothing is committed or sent.
 */
@ApplicationScoped
public class TransactionRehearsal {
    /** Not a classification family: WindowRules refuses its windows, so upm-service never stores a row of it. */
    static final ModelType FAMILY = ModelType.GENERAL_CHAT;
    private static final List<String> LABELS = List.of("negative", "positive");
    /** At start: a database that does not answer in this long is reported by the first real snapshot instead. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;
    private final SnapshotRepository snapshots;
    private final FamilyRepository families;
    private final WindowRepository windows;
    private final DriftMonitor drift;
    private final SnapshotManager manager;
    private final AdapterSync adapters;
    private final ModelStore store;

    public TransactionRehearsal(Pool pool, SnapshotRepository snapshots, FamilyRepository families,
                                WindowRepository windows, DriftMonitor drift, SnapshotManager manager,
                                AdapterSync adapters, ModelStore store) {
        this.pool = pool;
        this.snapshots = snapshots;
        this.families = families;
        this.windows = windows;
        this.drift = drift;
        this.manager = manager;
        this.adapters = adapters;
        this.store = store;
    }

    /** Thrown inside the transaction to roll it back. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rehearsal rolled back", null, false, false);
        }
    }

    /** Runs the rehearsal; false when {@link #FAMILY} has a row after all (then nothing is done). */
    boolean run() {
        Optional<FamilyRow> existing = await(families.find(FAMILY));
        if (existing.isPresent()) {
            return false;
        }
        // the lookups take() makes before it stores
        await(snapshots.nextVersion(FAMILY));
        await(windows.holdout(FAMILY, 512));
        OnlineSoftmax model = new OnlineSoftmax(64, 2, 0.5);
        float[] weights = model.snapshotWeights();
        String checksum = Checksums.sha256(weights);
        ModelStore.Stored stored = store.encode(model);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("examples", 0.0);
        SnapshotRepository.NewSnapshot snapshot = new SnapshotRepository.NewSnapshot(FAMILY, 1, checksum, 0, 0, LABELS,
                metrics, stored.encoding(), stored.bytes(), Instant.now());
        AdapterSync.Prepared adapter = adapters.prepare(ActiveModel.of(FAMILY, 1, 64, model.storedClasses(), weights,
                LABELS, checksum), null);
        try {
            await(pool.withTransaction(tx -> families.ensure(tx, FAMILY, 64, 2)
                    .flatMap(v -> manager.store(tx, snapshot))
                    .flatMap(v -> drift.record(DriftMonitor.event(FAMILY, 1, new DriftReport(0, 0, 0), DriftVerdict.OK), 1)
                            .apply(tx))
                    .flatMap(v -> adapters.activation(tx, FAMILY, 1, adapter, "start-up rehearsal", true))
                    .flatMap(v -> Uni.createFrom().failure(new RolledBack()))));
        } catch (RolledBack expected) {
            return true;
        }
        throw new IllegalStateException("the rehearsal's transaction was not rolled back");
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
