package io.thunderline.support.identity;

import io.thunderline.support.problem.ProblemException;

/** 403: a known caller asking for something its kind may not do (an agent listing families, a service a job). */
public class NotAllowed extends ProblemException {
    public NotAllowed(String field, String message) {
        super(403, field, message);
    }
}
