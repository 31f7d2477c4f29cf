package io.thunderline.contracts;

/** A body that cannot be an event: malformed JSON, a missing field or a value out of range. Never retried. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
