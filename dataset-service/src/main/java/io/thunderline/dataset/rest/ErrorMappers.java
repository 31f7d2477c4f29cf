package io.thunderline.dataset.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.dataset.service.DatasetConflictException;
import io.thunderline.dataset.service.DatasetNotFoundException;
import io.thunderline.dataset.service.DatasetRefusedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Every error answers with the same body {@code {field, message, errors[]}}: refused input → 400 naming the field
 * and every issue (line, column, message, hint); something that does not exist → 404 with a message; a state
 * conflict → 409.
 */
public class ErrorMappers {

    /** The error body; {@code field} is null when the error is not about one request field. */
    public record ErrorBody(String field, String message, List<ParseIssue> errors) {
    }

    @ServerExceptionMapper
    public Response refused(DatasetRefusedException e) {
        return body(Response.Status.BAD_REQUEST, new ErrorBody(e.field(), e.errors().get(0).toString(), e.errors()));
    }

    @ServerExceptionMapper
    public Response notFound(DatasetNotFoundException e) {
        return body(Response.Status.NOT_FOUND, new ErrorBody(null, e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response noSuchPath(NotFoundException e, UriInfo uri) {
        return body(Response.Status.NOT_FOUND, new ErrorBody(null, "nothing at /" + uri.getPath().replaceFirst("^/", ""),
                List.of()));
    }

    @ServerExceptionMapper
    public Response conflict(DatasetConflictException e) {
        return body(Response.Status.CONFLICT, new ErrorBody(e.field(), e.getMessage(), List.of()));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        String message = original.startsWith("No content to map")
                ? "the request has no body"
                : "the request body is not valid JSON: " + original.lines().findFirst().orElse("");
        return body(Response.Status.BAD_REQUEST, new ErrorBody("body", message, List.of(ParseIssue.general(message,
                "send a JSON object like {\"text\": \"...\", \"modelType\": \"text_classification\"}"))));
    }

    /**
     * Quarkus wraps a JSON syntax error in a bare 400 WebApplicationException: answer with the error body instead.
     * Any other WebApplicationException keeps the response it carries.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        return e.getResponse();
    }

    /** Declared on its own because Quarkus has a built-in mapper for exactly this type (an empty 400). */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return unreadableJson(e);
    }

    private static Response body(Response.Status status, ErrorBody body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
