package io.thunderline.ui.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;

/**
 * Another service answered 4xx: the request was wrong (bad input, no such job), not the service. Never retried, never
 * counted against the circuit breaker; the body (which names the field and the fix) goes back to the page as it is.
 */
public class Refused extends RuntimeException {
    private final int status;
    private final String body;

    public Refused(int status, String body) {
        super("refused with " + status + ": " + body);
        this.status = status;
        this.body = body;
    }

    /** Turns a 4xx of a REST client call into a {@link Refused}; other failures pass on unchanged. */
    static <T> Uni<T> mapRefusals(Uni<T> call) {
        return call.onFailure(WebApplicationException.class).transform(e -> {
            var response = ((WebApplicationException) e).getResponse();
            int status = response.getStatus();
            if (status >= 400 && status < 500) {
                String body;
                try {
                    body = response.hasEntity() ? response.readEntity(String.class) : "";
                } catch (RuntimeException unreadable) {
                    body = "";
                }
                return new Refused(status, body == null || body.isBlank()
                        ? "{\"message\":\"" + (status == 404 ? "not found" : "refused (" + status + ")") + "\"}" : body);
            }
            return e;
        });
    }

    /** The same refusal naming {@code field} as the field it concerns (a JSON body's "field" replaced or added). */
    public Refused forField(String field) {
        try {
            var json = io.thunderline.contracts.EventCodec.mapper().readTree(body);
            if (json instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                o.put("field", field);
                return new Refused(status, io.thunderline.contracts.EventCodec.mapper().writeValueAsString(o));
            }
        } catch (Exception notJson) {
            // keep it as it is
        }
        return this;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
