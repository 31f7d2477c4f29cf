package io.thunderline.dataset.service;

/** The request is well formed but the dataset's state forbids it (409), e.g. a new version of a deleted dataset. */
public class DatasetConflictException extends RuntimeException {
    private final String field;

    public DatasetConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
