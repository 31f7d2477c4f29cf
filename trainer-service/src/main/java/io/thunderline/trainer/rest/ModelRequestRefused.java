package io.thunderline.trainer.rest;

/** A request to a trained model that cannot be answered as sent: the field and how to fix it (400). */
public class ModelRequestRefused extends RuntimeException {
    private final String field;

    public ModelRequestRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
