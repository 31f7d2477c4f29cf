package io.thunderline.upm.rest;

import io.thunderline.upm.service.UpmException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** {field, message} with the status the service chose (400, 404, 409). */
@Provider
public class UpmExceptionMapper implements ExceptionMapper<UpmException> {
    @Override
    public Response toResponse(UpmException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("field", e.field());
        body.put("message", e.getMessage());
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    /** Admin actions run on trainer threads; their failures arrive wrapped. */
    @Provider
    public static class Wrapped implements ExceptionMapper<CompletionException> {
        @Override
        public Response toResponse(CompletionException e) {
            if (e.getCause() instanceof UpmException u) {
                return new UpmExceptionMapper().toResponse(u);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("field", null);
            body.put("message", String.valueOf(e.getCause()));
            return Response.serverError().type(MediaType.APPLICATION_JSON).entity(body).build();
        }
    }
}
