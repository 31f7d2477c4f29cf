package io.thunderline.dataset.rest;

import io.thunderline.dataset.parse.ParseIssue;
import io.thunderline.dataset.service.DatasetRefusedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Refused input → 400 with the field and every issue (line, column, message, hint). */
public class ErrorMappers {
    public record ErrorBody(String field, String message, List<ParseIssue> errors) {
    }

    @ServerExceptionMapper
    public Response refused(DatasetRefusedException e) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(new ErrorBody(e.field(), e.errors().get(0).toString(), e.errors())).build();
    }
}
