package io.thunderline.ui.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/** dataset-service's REST API, as the page needs it. */
@RegisterRestClient(configKey = "dataset")
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface DatasetApi {
    record Submission(String text, String modelType, String createdBy, String description) {
    }

    record Created(String datasetId, String name, String modelType, int version, int rowCount, Map<String, Integer> labels,
                   String checksum, String changeSummary, List<String> warnings) {
    }

    @POST
    Created create(Submission submission);

    @POST
    @Path("/preview")
    Map<String, Object> preview(Submission submission);
}
