package io.thunderline.tracking.rest;

import io.thunderline.support.problem.ProblemException;

/** A request parameter the caller must fix: 400, a problem body naming the field and the fix. */
public class InvalidRequestException extends ProblemException {
    public InvalidRequestException(String field, String message) {
        super(400, field, message);
    }
}
