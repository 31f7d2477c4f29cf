package io.thunderline.dataset.service;

import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.support.problem.ProblemException;

import java.util.List;

/**
 * The input cannot become a dataset (400); the issues say where and how to fix it. Nothing was stored. The problem's
 * detail is the first issue; its errors are all of them (line, column, message, hint).
 */
public class DatasetRefusedException extends ProblemException {
    public DatasetRefusedException(String field, List<ParseIssue> issues) {
        super(400, field, issues.get(0).toString(), issues);
    }

    /** A refusal with one issue about the field as a whole. */
    public static DatasetRefusedException of(String field, String message, String hint) {
        return new DatasetRefusedException(field, List.of(ParseIssue.general(message, hint)));
    }
}
