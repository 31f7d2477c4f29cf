package io.thunderline.tracking.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.thunderline.tracking.client.DependencyUnavailableException;
import io.thunderline.tracking.client.MlflowProbe;
import io.thunderline.tracking.client.MlflowRejectedException;
import io.thunderline.tracking.client.MlflowUnavailableException;
import io.thunderline.tracking.config.MlflowConfig;
import io.thunderline.tracking.domain.OpKind;
import io.thunderline.tracking.domain.PendingOp;
import io.thunderline.tracking.repository.PendingOpRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Sends pending_mlflow_ops to MLflow, each job's (and each UPM family's) in order, on a thread of its own (the MLflow client blocks). One
 * operation per transaction: the operation's row goes in the same transaction as what MLflow's answer changes here
 * (run ids, state, the tracking.runs event). When MLflow is unavailable the operation stays, every job waits, and the
 * replayer backs off (doubling up to a cap) while probing MLflow's /health every couple of seconds, so that catching up
 * starts soon after MLflow is back. Several instances can run: a job's operations are replayed under its advisory lock.
 * A failed operation is rolled back by {@code withTransaction}; what counts its attempt runs in a transaction of its
 * own.
 */
@ApplicationScoped
public class MlflowReplayer {
    private static final Logger LOG = Logger.getLogger(MlflowReplayer.class);
    private static final Duration DB = Duration.ofSeconds(30);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);
    /** One operation's transaction: MLflow calls (10 s each), a model file fetch (60 s), their statements. */
    private static final Duration OP_DEADLINE = Duration.ofMinutes(5);

    private enum Step { APPLIED, EMPTY, LOCKED, WAITING, MLFLOW_DOWN }

    private final Pool pool;
    private final PendingOpRepository ops;
    private final RunMirror mirror;
    private final SnapshotMirror snapshotMirror;
    private final MlflowAvailability availability;
    private final MlflowProbe probe;
    private final MlflowConfig.Replay settings;
    private final Backoff backoff;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private volatile Instant nextTry = Instant.EPOCH;
    private Thread thread;

    public MlflowReplayer(Pool pool, PendingOpRepository ops, RunMirror mirror, SnapshotMirror snapshotMirror,
                          MlflowAvailability availability, MlflowProbe probe,
                          MlflowConfig config) {
        this.pool = pool;
        this.ops = ops;
        this.mirror = mirror;
        this.snapshotMirror = snapshotMirror;
        this.availability = availability;
        this.probe = probe;
        this.settings = config.replay();
        this.backoff = new Backoff(settings.minBackoff(), settings.maxBackoff());
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::loop, "mlflow-replayer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wake.release();
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(15));
        }
    }

    /** Something was queued: look now rather than after the pause. */
    public void wakeUp() {
        wake.release();
    }

    private void loop() {
        while (running) {
            Duration pause;
            try {
                pause = round();
            } catch (RuntimeException e) {
                LOG.warnf("MLflow replay round failed, will retry: %s", e.toString());
                pause = settings.interval();
            }
            try {
                if (!pause.isZero() && wake.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One pass over the due jobs; returns how long to wait before the next. */
    Duration round() {
        if (availability.failing() && Instant.now().isBefore(nextTry)) {
            if (!probe.healthyNow()) {
                Duration left = Duration.between(Instant.now(), nextTry);
                return left.compareTo(PROBE_EVERY) < 0 ? left : PROBE_EVERY;
            }
            LOG.info("MLflow answers its health check again; replaying what waited");
        }
        List<String> jobs = ops.dueJobs(settings.jobsPerRound()).await().atMost(DB);
        if (jobs.isEmpty()) {
            if (availability.failing() && probe.healthyNow()) {
                availability.reachable();
            }
            return settings.interval();
        }
        boolean applied = false;
        for (String job : jobs) {
            for (int n = 0; n < settings.opsPerJob() && running; n++) {
                Step step = replayHead(job);
                if (step == Step.MLFLOW_DOWN) {
                    Duration wait = backoff.after(availability.consecutiveFailures());
                    nextTry = Instant.now().plus(wait);
                    return wait.compareTo(PROBE_EVERY) < 0 ? wait : PROBE_EVERY;
                }
                if (step != Step.APPLIED) {
                    break;
                }
                applied = true;
            }
        }
        return applied ? Duration.ZERO : settings.interval();
    }

    /** Applies the job's first waiting operation, if it is due and no other replayer holds the job. */
    private Step replayHead(String jobId) {
        PendingOp[] current = new PendingOp[1];
        try {
            return inTransaction(tx -> {
                if (!ops.lockJob(tx, jobId).await().atMost(DB)) {
                    return Step.LOCKED;
                }
                List<PendingOp> head = ops.waiting(tx, jobId, 1).await().atMost(DB);
                if (head.isEmpty()) {
                    return Step.EMPTY;
                }
                PendingOp op = current[0] = head.get(0);
                return apply(tx, op);
            });
        } catch (RuntimeException e) {
            // a database failure or a bug: nothing of the operation was kept; count the attempt and back off
            PendingOp op = current[0];
            LOG.errorf(e, "replaying %s of %s failed", op == null ? "the next operation" : op.kind(), jobId);
            if (op != null) {
                inTransaction(tx -> ops.retryLater(tx, op.seq(), e.toString(), backoff.after(op.attempts() + 1))
                        .await().atMost(DB));
            }
            return Step.WAITING;
        }
    }

    private Step apply(SqlConnection tx, PendingOp op) {
        try {
            if (op.kind() == OpKind.UPM_SNAPSHOT) {
                snapshotMirror.apply(tx, op);
            } else {
                mirror.apply(tx, op);
            }
            ops.done(tx, op.seq()).await().atMost(DB);
            availability.reachable();
            return Step.APPLIED;
        } catch (MlflowUnavailableException e) {
            // whatever MLflow took before failing is kept (e.g. the run's ids); the operation runs again in full
            ops.retryLater(tx, op.seq(), e.getMessage(), Duration.ZERO).await().atMost(DB);
            if (!availability.failing()) {
                LOG.warnf("MLflow unavailable, operations wait in pending_mlflow_ops: %s", e.getMessage());
            }
            availability.unreachable(e.getMessage());
            return Step.MLFLOW_DOWN;
        } catch (MlflowRejectedException e) {
            LOG.errorf("MLflow refused %s of %s for good (kept as failed in pending_mlflow_ops): %s", op.kind(),
                    op.jobId(), e.getMessage());
            ops.failed(tx, op.seq(), e.getMessage()).await().atMost(DB);
            availability.reachable();
            return Step.APPLIED;
        } catch (DependencyUnavailableException e) {
            Duration wait = backoff.after(op.attempts() + 1);
            LOG.warnf("%s of %s waits %d ms: %s", op.kind(), op.jobId(), wait.toMillis(), e.getMessage());
            ops.retryLater(tx, op.seq(), e.getMessage(), wait).await().atMost(DB);
            return Step.WAITING;
        }
    }

    /**
     * Runs blocking work (MLflow calls between statements) in one {@code pool.withTransaction} on a worker thread;
     * the replayer's thread waits for it, at most {@link #OP_DEADLINE}.
     */
    <T> T inTransaction(Function<SqlConnection, T> work) {
        return pool.withTransaction(tx -> Uni.createFrom().item(() -> work.apply(tx))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .await().atMost(OP_DEADLINE);
    }
}
