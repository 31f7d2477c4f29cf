package io.thunderline.trainer.service;

/** A schedule request that cannot be stored: which field is wrong and how to fix it (answered as 400). */
public class ScheduleRefused extends RuntimeException {
    private final String field;

    public ScheduleRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
