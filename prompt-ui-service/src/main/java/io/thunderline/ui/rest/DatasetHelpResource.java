package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.ui.client.DatasetApi;
import io.thunderline.ui.client.DatasetClient;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.FormError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** While typing: dataset-service parses the text ("N examples, labels …" or the error and its line); templates. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetHelpResource {
    public record PreviewRequest(String text, String modelType) {
    }

    private final DatasetClient datasets;
    private final SecurityIdentity identity;

    public DatasetHelpResource(DatasetClient datasets, SecurityIdentity identity) {
        this.datasets = datasets;
        this.identity = identity;
    }

    /** POST, not GET: the text can be 200,000 characters. Needs the CSRF header like every other page call. */
    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DatasetApi.Preview> preview(PreviewRequest request) {
        if (request == null || request.modelType() == null || request.modelType().isBlank()) {
            throw new FormError("modelType", "Choose a model type.");
        }
        io.thunderline.ui.service.TextChecks.refuseBinary(request.text(), "promptText");
        return datasets.preview(new DatasetApi.Submission(request.text() == null ? "" : request.text(), request.modelType(),
                Viewer.of(identity).name(), null));
    }

    @GET
    @Path("/templates")
    public Uni<List<DatasetApi.Template>> templates(@QueryParam("modelType") String modelType) {
        return datasets.templates(modelType == null || modelType.isBlank() ? null : modelType);
    }
}
