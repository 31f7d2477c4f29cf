package io.thunderline.trainer.rest;

import io.thunderline.llm.ModelUnavailableException;
import io.thunderline.support.problem.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The pretrained model file missing or damaged → a 503 problem whose detail is the store's message (the file and the
 * command that fetches it). llm-core is plain Java, so its exception cannot be a ProblemException itself.
 */
public class LanguageModelErrors {
    @ServerExceptionMapper
    public Response unavailable(ModelUnavailableException e) {
        return Problem.of(503, null, e.getMessage()).toResponse();
    }
}
