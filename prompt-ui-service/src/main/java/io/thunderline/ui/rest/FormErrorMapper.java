package io.thunderline.ui.rest;

import io.thunderline.ui.client.UserInputRefused;
import io.thunderline.ui.service.FormError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Errors the page shows next to a field, or as a banner when a service is down. */
public class FormErrorMapper {
    @ServerExceptionMapper
    public Response formError(FormError e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("field", e.field(), "message", e.getMessage())).build();
    }

    /** dataset-service's refusal passes through as it is: it names the field and the fix. */
    @ServerExceptionMapper
    public Response refused(UserInputRefused e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.body()).build();
    }

    @ServerExceptionMapper
    public Response unavailable(CircuitBreakerOpenException e) {
        return Response.status(503).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("message", "dataset-service is unavailable; try again in a few seconds")).build();
    }
}
