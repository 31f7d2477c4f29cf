package io.thunderline.trainer.rest;

import io.thunderline.contracts.InvalidEventException;
import io.thunderline.trainer.service.ScheduleRefused;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

public class ErrorMappers {
    @ServerExceptionMapper
    public Response invalid(InvalidEventException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(Map.of("message", e.getMessage())).build();
    }

    /** A schedule that cannot be stored: the field and how to fix it, as dataset-service answers a bad dataset. */
    @ServerExceptionMapper
    public Response refused(ScheduleRefused e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("field", e.field(), "message", e.getMessage())).build();
    }
}
