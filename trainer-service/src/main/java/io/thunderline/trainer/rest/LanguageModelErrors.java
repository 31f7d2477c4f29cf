package io.thunderline.trainer.rest;

import io.thunderline.llm.ModelUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/**
 * Errors of the model endpoints as JSON: a refused request → 400 {field, message}; the pretrained model file missing or
 * damaged → 503 {message, file} with the store's message (the file and the command that fetches it).
 */
public class LanguageModelErrors {
    @ServerExceptionMapper
    public Response refused(ModelRequestRefused e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("field", e.field(), "message", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unavailable(ModelUnavailableException e) {
        return Response.status(503).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("message", e.getMessage(), "file", e.path())).build();
    }
}
