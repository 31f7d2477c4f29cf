package io.thunderline.support.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import io.thunderline.support.problem.ProblemException;
import jakarta.ws.rs.WebApplicationException;

import java.util.List;

/**
 * Another service answered 4xx: the request was wrong (bad input, no such job), not the service. Never retried, never
 * counted against the circuit breaker ({@link FaultPolicy}); it reaches the caller as a problem with the backend's
 * status, detail, field and errors (the backend's body names the field and the fix).
 * <p>
 * A service names its own final refusals by subclassing (the trainer's "dataset missing" on a 404): the policy treats
 * every subclass the same way.
 */
public class Refused extends ProblemException {
    public Refused(int status, String field, String detail, List<?> errors) {
        super(status, field, detail, errors);
    }

    /**
     * What a backend's refusal says, read from a problem body ({@code detail}), from a service not yet switched to
     * problems ({@code message}), or from a Python service ({@code error}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Body(String detail, String message, String error, String field, List<Object> errors) {
    }

    /** The refusal a backend's 4xx answer stands for; a body that is not JSON is its own detail. */
    public static Refused of(int status, String body) {
        String fallback = status == 404 ? "not found" : "refused (" + status + ")";
        if (body == null || body.isBlank()) {
            return new Refused(status, null, fallback, List.of());
        }
        try {
            Body b = EventCodec.mapper().readValue(body, Body.class);
            String detail = b.detail() != null ? b.detail() : b.message() != null ? b.message()
                    : b.error() != null ? b.error() : fallback;
            return new Refused(status, b.field(), detail, b.errors());
        } catch (Exception notJson) {
            return new Refused(status, null, body.strip(), List.of());
        }
    }

    /** A REST client's 4xx as a {@link Refused}; any other failure as it is. */
    static RuntimeException fromClient(WebApplicationException e) {
        var response = e.getResponse();
        if (response == null) {
            return e;
        }
        int status = response.getStatus();
        if (status < 400 || status >= 500) {
            return e;
        }
        String body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException unreadable) {
            body = "";
        }
        return of(status, body);
    }

    /** Turns a 4xx of a REST client call into a {@link Refused}; other failures pass on unchanged. */
    static <T> Uni<T> mapRefusals(Uni<T> call) {
        return call.onFailure(WebApplicationException.class).transform(e -> fromClient((WebApplicationException) e));
    }

    /** The same refusal naming {@code field} as the field it concerns. */
    public Refused forField(String field) {
        return new Refused(status(), field, getMessage(), errors());
    }

    /** The same refusal with the field {@code from} (a backend's name) called {@code to} (the page's name). */
    public Refused renamed(String from, String to) {
        return from.equals(field()) ? forField(to) : this;
    }
}
