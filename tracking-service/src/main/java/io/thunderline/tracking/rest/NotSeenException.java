package io.thunderline.tracking.rest;

import io.thunderline.support.problem.ProblemException;

/** A job or snapshot tracking-service has not seen (yet): 404, a problem body saying which. */
public class NotSeenException extends ProblemException {
    public NotSeenException(String message) {
        super(404, null, message);
    }
}
