package io.thunderline.dataset.service;

import io.thunderline.support.problem.ProblemException;

/** The request is well formed but the dataset's state forbids it (409), e.g. a new version of a deleted dataset. */
public class DatasetConflictException extends ProblemException {
    public DatasetConflictException(String field, String message) {
        super(409, field, message);
    }
}
