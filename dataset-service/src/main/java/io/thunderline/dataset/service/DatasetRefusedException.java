package io.thunderline.dataset.service;

import io.thunderline.dataset.parse.ParseIssue;

import java.util.List;

/** The input cannot become a dataset (400); the issues say where and how to fix it. Nothing was stored. */
public class DatasetRefusedException extends RuntimeException {
    private final String field;
    private final List<ParseIssue> errors;

    public DatasetRefusedException(String field, List<ParseIssue> errors) {
        super(field + ": " + errors.get(0));
        this.field = field;
        this.errors = List.copyOf(errors);
    }

    /** A refusal with one issue about the field as a whole. */
    public static DatasetRefusedException of(String field, String message, String hint) {
        return new DatasetRefusedException(field, List.of(ParseIssue.general(message, hint)));
    }

    public String field() {
        return field;
    }

    public List<ParseIssue> errors() {
        return errors;
    }
}
