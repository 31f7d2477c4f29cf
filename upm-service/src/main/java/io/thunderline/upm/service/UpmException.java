package io.thunderline.upm.service;

/** A request upm-service cannot do, with the HTTP status, the field at fault (if any) and what to do instead. */
public class UpmException extends RuntimeException {
    private final int status;
    private final String field;

    public UpmException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static UpmException notFound(String message) {
        return new UpmException(404, null, message);
    }

    public static UpmException conflict(String message) {
        return new UpmException(409, null, message);
    }

    public static UpmException badRequest(String field, String message) {
        return new UpmException(400, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
