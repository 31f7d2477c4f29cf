package io.thunderline.ui.rest;

import io.thunderline.ui.client.Refused;
import io.thunderline.ui.client.ServiceUnavailable;
import io.thunderline.ui.service.FormError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Errors the page shows next to a field, or as a banner when a service is down. */
public class ErrorMappers {
    @ServerExceptionMapper
    public Response formError(FormError e) {
        return json(400, Map.of("field", e.field(), "message", e.getMessage()));
    }

    /** Another service's refusal passes through as it is: it names the field and the fix. */
    @ServerExceptionMapper
    public Response refused(Refused e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(e.body()).build();
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailable e) {
        return json(503, Map.of("message", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response open(CircuitBreakerOpenException e) {
        return json(503, Map.of("message", "A service is unavailable; try again in a few seconds"));
    }

    @ServerExceptionMapper
    public Response timeout(TimeoutException e) {
        return json(503, Map.of("message", "A service did not answer in time; try again in a few seconds"));
    }

    @ServerExceptionMapper
    public Response notVisible(JobAccess.NotYours e) {
        return json(404, Map.of("message", e.getMessage()));
    }

    static Response json(int status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
