package io.thunderline.upm.service;

import io.thunderline.support.problem.ProblemException;

/**
 * A request upm-service cannot do, with the HTTP status, the field at fault (if any) and what to do instead; answered
 * as a problem body by service-support's ProblemMappers (also when it arrives wrapped from a trainer thread).
 */
public class UpmException extends ProblemException {
    public UpmException(int status, String field, String message) {
        super(status, field, message);
    }

    public static UpmException notFound(String message) {
        return new UpmException(404, null, message);
    }

    public static UpmException conflict(String message) {
        return new UpmException(409, null, message);
    }

    public static UpmException badRequest(String field, String message) {
        return new UpmException(400, field, message);
    }
}
