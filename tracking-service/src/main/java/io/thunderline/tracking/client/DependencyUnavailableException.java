package io.thunderline.tracking.client;

/** Another service an operation needs (trainer-service for the model file) is not answering: try again later. */
public class DependencyUnavailableException extends RuntimeException {
    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
