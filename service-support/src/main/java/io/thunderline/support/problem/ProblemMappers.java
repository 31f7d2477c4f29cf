package io.thunderline.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Maps every failure of a REST call to a problem body (RFC 9457), in every service that has this module: a
 * service's refusal ({@link ProblemException}), unreadable or mistyped JSON (naming the field), a path or method
 * that does not exist, a wrong content type, and anything unexpected (500 with a reference to the log line, never a
 * stack trace or an empty body).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return unreadableJson(e).toResponse();
    }

    /** Declared on its own because Quarkus has a built-in mapper for exactly this type (an empty 400). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadableJson(e).toResponse();
    }

    /**
     * Quarkus wraps a JSON syntax error in a bare 400 WebApplicationException, and answers an unknown path, a wrong
     * method or content type with an empty one: each gets a problem body. A response that already has a body is kept.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, Request request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response response = e.getResponse();
        if (response.hasEntity()) {
            return response;
        }
        int status = response.getStatus();
        String path = uri == null ? "" : "/" + uri.getPath().replaceFirst("^/", "");
        String detail = switch (status) {
            case 404 -> "nothing at " + path;
            case 405 -> request.getMethod() + " is not allowed on " + path;
            case 415 -> "this content type is not accepted at " + path + "; send the Content-Type its documentation names "
                    + "(usually application/json)";
            case 406 -> "no representation of " + path + " matches the Accept header";
            default -> e.getMessage();
        };
        Response.ResponseBuilder built = Response.fromResponse(
                Problem.of(status, status == 415 ? "Content-Type" : null, detail).toResponse());
        // keep what the status needs besides the body (e.g. Allow on a 405)
        response.getHeaders().forEach((name, values) -> {
            if (!"Content-Type".equalsIgnoreCase(name) && !"Content-Length".equalsIgnoreCase(name)) {
                values.forEach(v -> built.header(name, v));
            }
        });
        return built.build();
    }

    /** Work run on another thread arrives wrapped; a refusal inside keeps its own status. */
    @ServerExceptionMapper
    public Response wrapped(CompletionException e) {
        if (e.getCause() instanceof ProblemException problem) {
            return refused(problem);
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DatabaseOutage.is(e)) {
            LOG.warnf("database unavailable: %s", e.toString());
            return Response.fromResponse(Problem.of(503, null, "the database is unavailable right now (" + e.getClass()
                            .getSimpleName() + "); nothing was changed by this request, try again in a few seconds")
                    .toResponse()).header("Retry-After", "5").build();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, reference %s", reference);
        return Problem.of(500, null, "internal error (reference " + reference + "); the service's log has the details")
                .toResponse();
    }

    /** The problem for a body that is not the JSON the endpoint reads, naming the field where one is at fault. */
    public static Problem unreadableJson(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("No content to map")) {
            return Problem.of(400, "body", "the request has no body; send a JSON object");
        }
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : null;
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return Problem.of(400, field, String.valueOf(e.getCause().getMessage()));
        }
        if (e instanceof InvalidFormatException invalid && field != null) {
            return Problem.of(400, field, "field '" + field + "' cannot be " + describe(invalid.getValue())
                    + "; it must be " + invalid.getTargetType().getSimpleName());
        }
        if (e instanceof MismatchedInputException mismatched && field != null && mismatched.getTargetType() != null) {
            return Problem.of(400, field, "field '" + field + "' must be " + mismatched.getTargetType().getSimpleName());
        }
        String firstLine = original.lines().findFirst().orElse("");
        return Problem.of(400, field == null ? "body" : field, "the request body is not valid JSON: " + firstLine);
    }

    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String describe(Object value) {
        return value instanceof String s ? "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"" : String.valueOf(value);
    }
}
