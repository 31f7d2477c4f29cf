package io.thunderline.support.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The one error body of every service and of the page's API: RFC 9457 problem details. {@code title} is the
 * status's short name, {@code detail} says what is wrong and how to fix it, {@code field} names the request field
 * at fault (null when the problem is not about one field), {@code errors} lists further issues (e.g. every refused
 * line of an upload; empty otherwise).
 */
public record Problem(String type, String title, int status, String detail, String field, List<?> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

    public Problem {
        type = type == null ? "about:blank" : type;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(int status, String field, String detail) {
        return new Problem(null, titleOf(status), status, detail, field, List.of());
    }

    public static Problem of(int status, String field, String detail, List<?> errors) {
        return new Problem(null, titleOf(status), status, detail, field, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA).entity(this).build();
    }

    static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
