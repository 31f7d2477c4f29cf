package io.thunderline.trainer.client;

/** Cerebros answered and refused (a 4xx other than an unknown job): retrying the same request will not help. */
public class CerebrosRejected extends RuntimeException {
    public CerebrosRejected(String message) {
        super(message);
    }
}
