package io.thunderline.ui.service;

/** A form field is wrong; the message says how to fix it. */
public class FormError extends RuntimeException {
    private final String field;

    public FormError(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
