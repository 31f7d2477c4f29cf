package io.thunderline.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps every failure of a REST call to a problem body (RFC 9457), in every service that has this module: a
 * service's refusal ({@link ProblemException}), unreadable or mistyped JSON (naming the field), a query or path
 * parameter of the wrong type, a path or method that does not exist, a wrong or missing content type, and anything
 * unexpected (500 with a reference to the log line, never a stack trace or an empty body). A body over the size
 * limit is refused before it is read ({@link OversizeBodies}), a body without a Content-Type or with one that is not
 * a media type before routing ({@link ContentTypes}).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** The value in a NumberFormatException's message: For input string: "abc". */
    private static final Pattern INPUT = Pattern.compile("input string: \"(.*)\"", Pattern.DOTALL);

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
     * Quarkus wraps a JSON syntax error in a bare 400 WebApplicationException, answers a query or path parameter it
     * cannot convert (limit=abc) with an empty 404, and an unknown path, a wrong method or content type with an empty
     * 4xx: each gets a problem body naming what is at fault. A response that already has a body is kept.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, Request request, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json);
        }
        Response response = e.getResponse();
        if (response.hasEntity()) {
            return response;
        }
        int status = response.getStatus();
        Problem parameter = unconvertibleParameter(e, uri);
        if (parameter != null) {
            return parameter.toResponse();
        }
        String contentType = headers == null ? null : headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String path = uri == null ? "" : "/" + uri.getPath().replaceFirst("^/", "");
        String method = request == null ? "this method" : request.getMethod();
        Problem problem = switch (status) {
            case 404 -> Problem.of(404, "path", "nothing at " + path + "; check the address (ids are case-sensitive)");
            case 405 -> Problem.of(405, "method", method + " is not allowed on " + path + "; the Allow header lists what is");
            case 415 -> Problem.of(415, "Content-Type", (contentType == null ? "the request has no Content-Type"
                    : "Content-Type '" + shorten(contentType) + "' is not accepted") + " at " + path
                    + "; send the Content-Type its documentation names (usually application/json)");
            case 406 -> Problem.of(406, "Accept", "no representation of " + path + " matches the Accept header");
            default -> Problem.of(status, null, e.getMessage());
        };
        Response.ResponseBuilder built = Response.fromResponse(problem.toResponse());
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
        StreamConstraintsException limit = causeOf(e, StreamConstraintsException.class);
        if (limit != null) {
            return Problem.of(400, field == null ? "body" : field, "the request body is beyond what this service reads ("
                    + firstLine(limit.getOriginalMessage()) + "); send a flat JSON object of ordinary size");
        }
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
        // a number too large for its field is reported by the parser, which still knows where it was
        if (field == null && e instanceof InputCoercionException coercion && coercion.getProcessor() != null) {
            String at = pathOf(coercion.getProcessor().getParsingContext());
            if (at != null) {
                return Problem.of(400, at, "field '" + at + "' is out of range: " + firstLine(original)
                        + "; send a smaller number");
            }
        }
        return Problem.of(400, field == null ? "body" : field, "the request body is not valid JSON: " + firstLine(original)
                + "; send a JSON object (Content-Type: application/json)");
    }

    /**
     * A query or path parameter Quarkus could not convert (limit=abc, an overflowing number): JAX-RS answers an empty
     * 404 (400 for headers and forms), which reads as "no such page". The field is found by its value.
     */
    static Problem unconvertibleParameter(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if ((status != 404 && status != 400) || !(cause instanceof IllegalArgumentException)) {
            return null; // NumberFormatException is an IllegalArgumentException, as are enum and boolean refusals
        }
        String value = inputOf(cause);
        String field = uri == null || value == null ? null : parameterHolding(value, uri);
        String shown = value == null ? "the value" : "'" + shorten(value) + "'";
        return Problem.of(400, field == null ? "query" : field, (field == null ? "a parameter" : "parameter '" + field + "'")
                + " cannot be " + shown + "; " + (cause instanceof NumberFormatException
                ? "it must be a whole number in range" : "check its allowed values"));
    }

    private static String inputOf(Throwable cause) {
        Matcher m = INPUT.matcher(String.valueOf(cause.getMessage()));
        return m.find() ? m.group(1) : null;
    }

    private static String parameterHolding(String value, UriInfo uri) {
        for (MultivaluedMap<String, String> params : List.of(uri.getQueryParameters(), uri.getPathParameters())) {
            for (Map.Entry<String, List<String>> entry : params.entrySet()) {
                if (entry.getValue().contains(value)) {
                    return entry.getKey();
                }
            }
        }
        return null;
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** "settings.useUpm" for a parser positioned in {"settings": {"useUpm": …}}; null at the top level. */
    static String pathOf(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String part = c.inObject() ? c.getCurrentName() : c.inArray() ? "[" + Math.max(c.getCurrentIndex(), 0) + "]" : null;
            if (part == null) {
                continue;
            }
            if (!path.isEmpty() && path.charAt(0) != '[') {
                path.insert(0, '.');
            }
            path.insert(0, part);
        }
        return path.isEmpty() ? null : path.toString();
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
        return value instanceof String s ? "\"" + shorten(s) + "\"" : String.valueOf(value);
    }
}
