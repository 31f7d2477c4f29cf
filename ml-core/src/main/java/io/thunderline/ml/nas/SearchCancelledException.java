package io.thunderline.ml.nas;

/** Thrown by a search or training run whose {@link CancellationToken} was cancelled. */
public final class SearchCancelledException extends RuntimeException {

    public SearchCancelledException() {
        super("architecture search cancelled");
    }
}
