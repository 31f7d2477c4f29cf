package io.thunderline.tracking.rest;

import io.thunderline.tracking.service.ResultsService;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Errors as JSON the page can show: 400 names the field and the fix, 404 says what was not found. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return json(400, Map.of("field", e.field(), "message", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unknownJobs(ResultsService.UnknownJobsException e) {
        return json(404, Map.of("field", "jobs", "message", e.getMessage(), "unknown", e.jobIds()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return json(404, Map.of("message", e.getMessage()));
    }

    private static Response json(int status, Map<String, Object> body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
