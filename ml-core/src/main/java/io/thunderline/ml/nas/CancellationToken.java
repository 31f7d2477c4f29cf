package io.thunderline.ml.nas;

/** Cooperative cancellation, checked before every mini-batch. Thread-safe. */
public final class CancellationToken {

    private volatile boolean cancelled;

    public static CancellationToken none() {
        return new CancellationToken();
    }

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public void throwIfCancelled() {
        if (cancelled) {
            throw new SearchCancelledException();
        }
    }
}
