package io.thunderline.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** tracking-service's REST API: MLflow runs, comparison data, exports, health. */
@RegisterRestClient(configKey = "tracking")
@Produces(MediaType.APPLICATION_JSON)
public interface TrackingApi {
    @GET
    @Path("/runs/{jobId}")
    Uni<JsonNode> run(@PathParam("jobId") String jobId);

    @GET
    @Path("/compare")
    Uni<JsonNode> compare(@QueryParam("jobs") String jobs);

    @GET
    @Path("/runs/{jobId}/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    Uni<String> export(@PathParam("jobId") String jobId, @QueryParam("format") String format);

    @GET
    @Path("/q/health")
    Uni<JsonNode> health();
}
