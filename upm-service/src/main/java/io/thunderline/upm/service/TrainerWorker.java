package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.domain.FamilyRow;
import io.thunderline.upm.domain.PendingWindow;
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
 * The online trainer of one family, on a thread of its own (families train in parallel), and the one writer of the
 * family's {@link FamilyState}: applies pending windows in arrival order, each once, and has the
 * {@link SnapshotManager} take a snapshot every N windows. Admin actions for the family run on the same thread,
 * between windows, so they never see a half-applied window; they report what they changed through
 * {@link #activated}, {@link #rolledBack}, {@link #canaryStarted} and {@link #canaryEnded}.
 *
 * <p>Restart: the {@link FamilyLoader} rebuilds the state from the head snapshot plus the windows applied after it;
 * windows still pending are applied next. Any failure drops the in-memory state and rebuilds it the same way, so
 * memory never disagrees with the database. This thread is the edge where reactive work is awaited (with
 * {@link #DB} as the timeout).
 */
public final class TrainerWorker {
    private static final Logger LOG = Logger.getLogger(TrainerWorker.class);
    private static final Duration DB = Duration.ofSeconds(60);
    private static final int BATCH = 16;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final ModelType family;
    private final FamilyLoader loader;
    private final AppliedWindows windows;
    private final SnapshotManager snapshots;
    private final StatusPublisher status;
    private final UpmFlag flag;
    private final int everyWindows;
    private final ExecutorService thread;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private FamilyState state;
    private long pausedUntilNanos = System.nanoTime();

    TrainerWorker(ModelType family, FamilyLoader loader, AppliedWindows windows, SnapshotManager snapshots,
                  StatusPublisher status, UpmFlag flag, UpmConfig config) {
        this.family = family;
        this.loader = loader;
        this.windows = windows;
        this.snapshots = snapshots;
        this.status = status;
        this.flag = flag;
        this.everyWindows = config.snapshots().everyWindows();
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
        return submit(loaded -> loaded.map(FamilyState::active));
    }

    /** The model served now, if loaded (REST threads read it). */
    public Optional<ActiveModel> active() {
        FamilyState s = state;
        return s == null ? Optional.empty() : Optional.ofNullable(s.active());
    }

    // What admin actions changed (called on this thread, from inside submit).

    void activated(ActiveModel model) {
        state.activated(model);
    }

    void rolledBack(ActiveModel model, io.thunderline.ml.online.OnlineSoftmax restored) {
        state.rolledBack(model, restored);
        wake();
    }

    void canaryStarted(ActiveModel model, List<String> agents) {
        state.startCanary(model, agents);
    }

    void canaryEnded() {
        state.endCanary();
    }

    private void drain() {
        if (System.nanoTime() < pausedUntilNanos) {
            return;
        }
        try {
            ensureLoaded();
            if (state == null || !flag.enabled()) {
                return;
            }
            List<PendingWindow> batch = await(windows.pending(family, BATCH));
            if (batch.isEmpty()) {
                return;
            }
            FamilyRow row = await(loader.row(family));
            for (PendingWindow pending : batch) {
                if (!flag.enabled()) {
                    break;
                }
                OnlineTrainer.WindowOutcome outcome = state.apply(pending.window(), row);
                await(windows.markApplied(family, pending.window().windowId(), outcome));
                snapshotIfDue();
            }
            status.changed();
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

    private void snapshotIfDue() {
        if (state.sinceSnapshot() < everyWindows) {
            return;
        }
        SnapshotManager.Taken taken = snapshots.take(state);
        state.snapshotted(taken.version(), taken.row());
        if (taken.activated() != null) {
            state.activated(taken.activated());
        }
    }

    private void ensureLoaded() {
        if (state != null) {
            return;
        }
        Optional<FamilyState> loaded = loader.load(family);
        if (loaded.isEmpty()) {
            return;
        }
        state = loaded.get();
        ActiveModel active = state.active();
        LOG.infof("%s: trainer loaded from %s plus %d replayed windows; serving %s", family.wireName(),
                state.row().headVersion() == null ? "scratch" : "snapshot v" + state.row().headVersion(),
                state.sinceSnapshot(), active == null ? "nothing yet" : "v" + active.version());
        if (flag.enabled()) {
            snapshotIfDue();
        }
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

    /** Awaits reactive work on this thread (the edge), with one timeout for every database call. */
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
