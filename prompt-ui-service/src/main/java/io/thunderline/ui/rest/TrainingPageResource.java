package io.thunderline.ui.rest;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.thunderline.contracts.ModelType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/training/prompt")
public class TrainingPageResource {
    static final int MAX_CHARS = 200_000;

    private final Template trainingPrompt;

    public TrainingPageResource(Template trainingPrompt) {
        this.trainingPrompt = trainingPrompt;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page() {
        return trainingPrompt.data("modelTypes", List.of(ModelType.values())).data("maxChars", MAX_CHARS);
    }
}
