package io.thunderline.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
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

/** dataset-service's REST API, as the page needs it. */
@RegisterRestClient(configKey = "dataset")
@Produces(MediaType.APPLICATION_JSON)
public interface DatasetApi {
    record Submission(String text, String modelType, String createdBy, String description) {
    }

    record Created(String datasetId, String name, String modelType, int version, int rowCount, Map<String, Integer> labels,
                   String checksum, String changeSummary, List<Object> warnings) {
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
    Uni<JsonNode> preview(Submission submission);

    @GET
    @Path("/templates")
    Uni<JsonNode> templates(@QueryParam("modelType") String modelType);

    @GET
    @Path("/templates/{id}")
    Uni<JsonNode> template(@PathParam("id") String id);

    @GET
    @Path("/datasets/{id}/versions/{version}/csv")
    @Produces("text/csv")
    Uni<String> csv(@PathParam("id") String id, @PathParam("version") int version);
}
