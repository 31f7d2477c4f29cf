package io.thunderline.tracking.client;

/** Something an operation needs besides MLflow (the server of a job's model file) is not answering: try again later. */
public class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
