package io.thunderline.tracking.rest;

/** A request parameter the caller must fix; answered 400 {field, message}. */
public class InvalidRequestException extends RuntimeException {
    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
