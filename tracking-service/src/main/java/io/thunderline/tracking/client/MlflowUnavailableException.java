package io.thunderline.tracking.client;

/** MLflow did not answer, answered too slowly or failed on its side (5xx, 429): try again later. */
public class MlflowUnavailableException extends RuntimeException {
    public MlflowUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
