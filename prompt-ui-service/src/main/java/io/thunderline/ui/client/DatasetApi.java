package io.thunderline.ui.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import java.util.List;
import java.util.Map;

/** dataset-service's REST API, as the page needs it: the records hold only what the page reads. */
@RegisterRestClient(configKey = "dataset")
@Produces(MediaType.APPLICATION_JSON)
public interface DatasetApi {
    /**
     * Prompt text to store (or preview). {@code source}: "auto-label" when the text holds lines whose labels
     * {@code createdBy} accepted from the page's auto-labelling; null for ordinary prompt text.
     */
    record Submission(String text, String modelType, String createdBy, String description, String source) {
        public Submission(String text, String modelType, String createdBy, String description) {
            this(text, modelType, createdBy, description, null);
        }
    }

    /** A stored dataset version. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(String datasetId, String name, int version, int rowCount) {
    }

    /** The parse of a text while it is typed: counts, or the issues (with their line) that stop it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Preview(int examples, Map<String, Integer> labels, List<Issue> warnings, List<Issue> errors, boolean ok) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Issue(Integer line, Integer column, String message, String hint) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Template(String id, String name, String text) {
    }

    @POST
    @Path("/datasets")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Created> create(Submission submission);

    @POST
    @Path("/datasets/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    Uni<Created> upload(ClientMultipartForm form);

    @POST
    @Path("/datasets/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Preview> preview(Submission submission);

    @GET
    @Path("/templates")
    Uni<List<Template>> templates(@QueryParam("modelType") String modelType);

    @GET
    @Path("/datasets/{id}/versions/{version}/csv")
    @Produces("text/csv")
    Uni<String> csv(@PathParam("id") String id, @PathParam("version") int version);
}
