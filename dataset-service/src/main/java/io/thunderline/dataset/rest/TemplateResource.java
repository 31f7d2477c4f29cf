package io.thunderline.dataset.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.dataset.Template;
import io.thunderline.dataset.repository.TemplateRepository;
import io.thunderline.dataset.service.DatasetNotFoundException;
import io.thunderline.dataset.service.DatasetService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import java.util.List;

/** The templates library: prompts to start from, per model type. */
@Path("/templates")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "templates", description = "Pre-built prompt templates per model type")
public class TemplateResource {
    private final TemplateRepository templates;

    public TemplateResource(TemplateRepository templates) {
        this.templates = templates;
    }

    @GET
    @Operation(summary = "All templates, or those of one model type")
    public Uni<List<Template>> list(@RestQuery String modelType) {
        return templates.list(modelType == null || modelType.isBlank() ? null : DatasetService.modelType(modelType));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One template")
    public Uni<Template> get(@PathParam("id") String id) {
        return templates.find(id).map(found -> found.orElseThrow(() ->
                new DatasetNotFoundException("id", "no template with id '" + id + "'")));
    }
}
