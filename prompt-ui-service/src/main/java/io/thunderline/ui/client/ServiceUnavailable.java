package io.thunderline.ui.client;

import io.thunderline.support.problem.ProblemException;

/**
 * Another service cannot be reached (down, timing out, or its circuit breaker is open): a 503 problem whose detail is
 * the service's "unavailable" message, which the page shows.
 */
public class ServiceUnavailable extends ProblemException {
    public ServiceUnavailable(String message, Throwable cause) {
        super(503, null, message);
        initCause(cause);
    }
}
