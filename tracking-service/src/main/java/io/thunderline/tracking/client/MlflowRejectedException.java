package io.thunderline.tracking.client;

/** MLflow refused the operation (a 4xx): sending it again would be refused again. */
public class MlflowRejectedException extends RuntimeException {
    public MlflowRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
