package io.thunderline.trainer.engine;

/** A job cannot go on; the message is for the person who submitted it. Retryable ones go back to the queue. */
public class TrainingFailure extends RuntimeException {
    private final boolean retryable;

    public TrainingFailure(String userMessage, boolean retryable, Throwable cause) {
        super(userMessage, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
