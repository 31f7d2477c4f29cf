package io.thunderline.upm.service;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.DriftReport;
import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.ml.online.Drift;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.support.Outbox;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.repository.DriftRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.repository.WindowRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static io.thunderline.upm.service.TrainerWorker.await;

/**
 * Before a candidate is activated, scores it and the active snapshot on recent samples — the newest rows the active
 * snapshot learned from — : p95 over samples of max_k |p_candidate,k − p_active,k| and the PSI of the score
 * distributions (ml-core's {@link Drift}). A candidate must agree with the served model on what that model already
 * knew; rows only the candidate has learned from would count its learning as drift (a young model changes a lot on
 * its newest rows), while windows with flipped or poisoned labels move its answers on the known rows too. p95 over the threshold quarantines the candidate (not activated, agents keep
 * the active one, an admin may override); PSI over psi-warn or p95 over half the threshold marks "warn" but activates.
 */
@ApplicationScoped
public class DriftMonitor {
    private static final Logger LOG = Logger.getLogger(DriftMonitor.class);

    private final Pool pool;
    private final UpmConfig config;
    private final WindowRepository windows;
    private final DriftRepository reports;
    private final SnapshotRepository snapshots;
    private final Outbox outbox;
    private final SnapshotEvents events;

    public DriftMonitor(Pool pool, UpmConfig config, WindowRepository windows, DriftRepository reports,
                        SnapshotRepository snapshots, Outbox outbox, SnapshotEvents events) {
        this.pool = pool;
        this.config = config;
        this.windows = windows;
        this.reports = reports;
        this.snapshots = snapshots;
        this.outbox = outbox;
        this.events = events;
    }

    /**
     * A candidate's verdict and how to record it: the report row and its upm.drift event, written in the transaction
     * that acts on the verdict (the activation), so the adapter does not wait for a commit of its own.
     */
    record Judgement(DriftVerdict verdict, Function<SqlClient, Uni<Void>> record) {
        static final Judgement FIRST = new Judgement(DriftVerdict.OK, tx -> Uni.createFrom().voidItem());
    }

    /**
     * Judges a candidate, in memory only (so it can run while the snapshot is being stored); a family's first snapshot
     * has nothing to compare with and is ok. The caller records the judgement: with the activation, or through
     * {@link #quarantine} once the snapshot is stored.
     */
    Judgement judge(FamilyState s, long version, ActiveModel candidate) {
        ActiveModel active = s.active();
        if (active == null) {
            return Judgement.FIRST;
        }
        long t0 = System.nanoTime();
        List<SparseVector> rows = s.rowsLearnedBy(active.version()).orElseGet(() ->
                await(windows.recentRows(s.family(), active.version(), config.drift().samples())).stream()
                        .map(r -> new SparseVector(r.indices(), r.values())).toList());
        double[][][] scored = scored(active, candidate, rows);
        io.thunderline.ml.online.DriftReport report = Drift.compare(scored[0], scored[1]);
        DriftVerdict verdict = verdict(report, config.drift().threshold(), config.drift().psiWarn());
        DriftReport event = event(s.family(), version, report, verdict);
        LOG.infof("%s: drift of v%d against active v%d: p95 %.3f, PSI %.3f on %d samples → %s (%d ms)", s.family().wireName(),
                version, active.version(), event.p95(), report.psi(), report.samples(), verdict.wireName(),
                (System.nanoTime() - t0) / 1_000_000);
        return new Judgement(verdict, record(event, active.version()));
    }

    /** The upm.drift event of a candidate's comparison (p95 kept within 0..1). */
    static DriftReport event(ModelType family, long version, io.thunderline.ml.online.DriftReport report,
                             DriftVerdict verdict) {
        double p95 = Math.min(1.0, Math.max(0.0, report.p95AbsDifference()));
        return new DriftReport(Contracts.SCHEMA_VERSION, family, version, p95, report.psi(), report.samples(), verdict,
                Instant.now());
    }

    /** How a judgement is recorded in the transaction that acts on it: the report row and its upm.drift event. */
    Function<SqlClient, Uni<Void>> record(DriftReport event, long activeVersion) {
        double threshold = config.drift().threshold();
        return tx -> reports.insert(tx, event.family(), event.version(), activeVersion, event.p95(), event.psi(),
                        event.samples(), threshold, event.verdict())
                .flatMap(v -> outbox.append(tx, event, event.family().wireName()))
                .replaceWithVoid();
    }

    /**
     * The rows' class probabilities under the served model and the candidate ({served, proposed}), each scored as
     * agents would score them: over the snapshot's own labels. Each model holds the classes it has seen, so a
     * candidate that learned a new label is wider: a class only one of them has is a probability of 0 in the other.
     */
    static double[][][] scored(ActiveModel active, ActiveModel candidate, List<SparseVector> rows) {
        double[][] served = new double[rows.size()][];
        double[][] proposed = new double[rows.size()][];
        int width = Math.max(active.classes(), candidate.classes());
        for (int i = 0; i < rows.size(); i++) {
            served[i] = Arrays.copyOf(active.probabilities(rows.get(i)), width);
            proposed[i] = Arrays.copyOf(candidate.probabilities(rows.get(i)), width);
        }
        return new double[][][]{served, proposed};
    }

    /** Records a quarantined candidate (stored already): its report, its status and both events. */
    void quarantine(ModelType family, long version, Judgement judgement) {
        await(pool.withTransaction(tx -> judgement.record().apply(tx)
                .flatMap(v -> snapshots.setStatus(tx, family, version, SnapshotStatus.QUARANTINED))
                .flatMap(x -> events.stored(tx, family, version, SnapshotMode.SHADOW))));
    }

    static DriftVerdict verdict(io.thunderline.ml.online.DriftReport report, double threshold, double psiWarn) {
        if (report.exceeds(threshold)) {
            return DriftVerdict.QUARANTINED;
        }
        if (report.psi() > psiWarn || report.p95AbsDifference() > threshold / 2) {
            return DriftVerdict.WARN;
        }
        return DriftVerdict.OK;
    }
}
