package io.thunderline.support.client;

import io.thunderline.support.problem.ProblemException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Another service cannot be reached (down, timing out, answering 5xx, or its circuit breaker is open): a 503 problem
 * whose detail is the service's "unavailable" message (what a page shows); {@link #reason()} says why, for logs and a
 * job's message.
 */
public class ServiceUnavailable extends ProblemException {
    public ServiceUnavailable(String message, Throwable cause) {
        super(503, null, message);
        initCause(cause);
    }

    /** Why the service could not answer: the breaker, a timeout, its HTTP status or the root cause. */
    public String reason() {
        return getCause() == null ? getMessage() : reason(getCause());
    }

    /** Words for a failure to reach a service (of a {@link ServiceUnavailable}: its cause's). */
    public static String reason(Throwable e) {
        if (e instanceof ServiceUnavailable u) {
            return u.reason();
        }
        if (e instanceof CircuitBreakerOpenException) {
            return "circuit breaker open after repeated failures";
        }
        if (e instanceof TimeoutException) {
            return "no answer in time";
        }
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            return "HTTP " + w.getResponse().getStatus();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
