package io.thunderline.ml.nas;

/**
 * Cooperative cancellation, checked before every mini-batch, and an optional soft deadline: work that can end early
 * (the search's drawn trials) starts nothing that would end past it. Thread-safe.
 */
public final class CancellationToken {

    private final CancellationToken parent;
    private final long deadlineNanos;
    private final boolean hasDeadline;
    private volatile boolean cancelled;

    /** A token without a deadline, cancelled only by {@link #cancel()}. */
    public CancellationToken() {
        this(null, 0, false);
    }

    private CancellationToken(CancellationToken parent, long deadlineNanos, boolean hasDeadline) {
        this.parent = parent;
        this.deadlineNanos = deadlineNanos;
        this.hasDeadline = hasDeadline;
    }

    public static CancellationToken none() {
        return new CancellationToken();
    }

    /**
     * A token cancelled with this one that also carries a soft deadline at {@code atNanos} ({@link System#nanoTime()}
     * clock): the training's time budget, given to its main search only (the cross-validation folds after it keep
     * their whole search, so the estimate is of the same procedure).
     */
    public CancellationToken withDeadline(long atNanos) {
        return new CancellationToken(this, atNanos, true);
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled || (parent != null && parent.isCancelled());
    }

    public void throwIfCancelled() {
        if (isCancelled()) {
            throw new SearchCancelledException();
        }
    }

    public boolean hasDeadline() {
        return hasDeadline;
    }

    /** Nanoseconds until the soft deadline (negative once past it); {@link Long#MAX_VALUE} without one. */
    public long nanosLeft() {
        return hasDeadline ? deadlineNanos - System.nanoTime() : Long.MAX_VALUE;
    }
}
