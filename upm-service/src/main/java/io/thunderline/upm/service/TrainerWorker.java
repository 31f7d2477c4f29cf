package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.FamilyRow;
import io.thunderline.upm.domain.PendingWindow;
import io.thunderline.upm.domain.SnapshotRow;
import io.thunderline.upm.repository.SnapshotRepository;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The online trainer of one family, on a thread of its own (families train in parallel): applies pending windows in
 * arrival order, each once (a window is marked applied in the same transaction that takes its apply sequence number),
 * and hands over to the {@link SnapshotManager} every N windows. Admin actions for the family run on the same thread,
 * between windows, so they never see a half-applied window.
 *
 * <p>Restart: the learner is rebuilt from the family's head snapshot (its full AdaGrad state) plus the windows applied
 * after it, replayed in apply order; windows still pending are applied next. Any failure drops the in-memory state and
 * rebuilds it the same way, so memory never disagrees with the database.
 */
public final class TrainerWorker {
    private static final Logger LOG = Logger.getLogger(TrainerWorker.class);
    private static final Duration DB = Duration.ofSeconds(60);
    private static final int BATCH = 16;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final ModelType family;
    private final TrainerWorkers deps;
    private final ExecutorService thread;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private FamilyState state;
    private long pausedUntilNanos = System.nanoTime();

    TrainerWorker(ModelType family, TrainerWorkers deps) {
        this.family = family;
        this.deps = deps;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "upm-trainer-" + family.wireName());
            t.setDaemon(true);
            return t;
        });
    }

    public ModelType family() {
        return family;
    }

    /** Asks the trainer to look for pending windows (coalesced: at most one look queued at a time). */
    public void wake() {
        if (drainQueued.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    drainQueued.set(false);
                    drain();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                drainQueued.set(false);
            }
        }
    }

    /** Runs an action on the trainer thread with the family's loaded state (empty while the family has no window). */
    public <T> CompletableFuture<T> submit(Function<Optional<FamilyState>, T> action) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ensureLoaded();
            } catch (RuntimeException e) {
                state = null;
                throw e;
            }
            try {
                return action.apply(Optional.ofNullable(state));
            } catch (UpmException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.errorf("%s: action failed; reloading the trainer from the database: %s", family.wireName(), brief(e));
                LOG.debug("action failure", e);
                state = null;
                throw e;
            }
        }, thread);
    }

    /** Loads the family if needed and returns the model it serves. */
    public CompletableFuture<Optional<ActiveModel>> loadActive() {
        return submit(loaded -> loaded.map(s -> s.active));
    }

    /** The model served now, if loaded (REST threads read it). */
    public Optional<ActiveModel> active() {
        FamilyState s = state;
        return s == null ? Optional.empty() : Optional.ofNullable(s.active);
    }

    private void drain() {
        if (System.nanoTime() < pausedUntilNanos) {
            return;
        }
        try {
            ensureLoaded();
            if (state == null || !deps.flag().enabled()) {
                return;
            }
            List<PendingWindow> batch = await(deps.windows().pending(family, BATCH));
            if (batch.isEmpty()) {
                return;
            }
            FamilyRow row = await(deps.families().find(family)).orElseThrow();
            state.row = row;
            for (PendingWindow pending : batch) {
                if (!deps.flag().enabled()) {
                    break;
                }
                OnlineTrainer.WindowOutcome outcome = state.trainer.apply(pending.window(), row.labels());
                state.recent.applied(pending.window().rows());
                boolean marked = await(deps.pool().withTransaction(tx -> deps.families().takeApplySeq(tx, family)
                        .flatMap(seq -> deps.windows().markApplied(tx, pending.window().windowId(), seq, outcome))));
                if (!marked) {
                    throw new IllegalStateException("window " + pending.window().windowId() + " was applied elsewhere");
                }
                state.sinceSnapshot++;
                if (state.sinceSnapshot >= deps.config().snapshots().everyWindows()) {
                    deps.snapshots().take(state);
                }
            }
            deps.status().changed();
            if (batch.size() == BATCH) {
                wake();
            }
        } catch (RuntimeException e) {
            LOG.errorf("%s: trainer round failed, retrying in %d s from the last snapshot and stored windows: %s",
                    family.wireName(), RETRY_PAUSE.toSeconds(), brief(e));
            LOG.debug("trainer failure", e);
            state = null;
            pausedUntilNanos = System.nanoTime() + RETRY_PAUSE.toNanos();
        }
    }

    private void ensureLoaded() {
        if (state != null) {
            return;
        }
        Optional<FamilyRow> row = await(deps.families().find(family));
        if (row.isEmpty()) {
            return;
        }
        FamilyRow f = row.get();
        OnlineTrainer trainer = f.headVersion() == null
                ? OnlineTrainer.fresh(f.dims(), f.labelCapacity(), deps.config().trainer().learningRate())
                : new OnlineTrainer(loadModel(f.headVersion()));
        List<PendingWindow> replay = await(deps.windows().appliedSinceSnapshot(family));
        RecentRows recent = new RecentRows(deps.config().drift().samples(), f.headVersion() == null);
        for (PendingWindow w : replay) {
            trainer.apply(w.window(), f.labels());
            recent.applied(w.window().rows());
        }
        ActiveModel active = await(deps.snapshotRows().active(family))
                .map(this::activeModel).orElse(null);
        state = new FamilyState(family, f, trainer, replay.size(), active, recent);
        await(deps.snapshotRows().canary(family)).ifPresent(c -> state.startCanary(activeModel(c), c.canaryAgents()));
        LOG.infof("%s: trainer loaded from %s plus %d replayed windows; serving %s", family.wireName(),
                f.headVersion() == null ? "scratch" : "snapshot v" + f.headVersion(), replay.size(),
                active == null ? "nothing yet" : "v" + active.version());
        if (deps.flag().enabled() && state.sinceSnapshot >= deps.config().snapshots().everyWindows()) {
            deps.snapshots().take(state);
        }
    }

    ActiveModel activeModel(SnapshotRow s) {
        return ActiveModel.of(family, s.version(), loadModel(s.version()), s.labels(), s.checksum());
    }

    io.thunderline.ml.online.OnlineSoftmax loadModel(long version) {
        SnapshotRepository.State stored = await(deps.snapshotRows().state(family, version)).orElseThrow(() ->
                UpmException.conflict(family.wireName() + " snapshot v" + version + " has no weights (archived)"));
        return ModelStore.decode(stored.encoding(), stored.bytes());
    }

    /** An error's message cut short: some driver errors quote whole parameter values. */
    static String brief(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(DB);
    }

    /** Waits, as for a Uni, for work started earlier (e.g. a query running while this thread computes). */
    static <T> T await(java.util.concurrent.CompletionStage<T> started) {
        return await(Uni.createFrom().completionStage(started));
    }

    void stop() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
