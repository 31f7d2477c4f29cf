package io.thunderline.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.Map;

/** trainer-service's REST API (jobs, workers, models, health), as agreed between the services. */
@RegisterRestClient(configKey = "trainer")
@Produces(MediaType.APPLICATION_JSON)
public interface TrainerApi {
    @GET
    @Path("/jobs")
    Uni<JsonNode> jobs(@QueryParam("status") String status, @QueryParam("modelType") String modelType,
                       @QueryParam("createdBy") String createdBy, @QueryParam("from") String from,
                       @QueryParam("to") String to, @QueryParam("limit") int limit, @QueryParam("offset") int offset);

    @GET
    @Path("/jobs/stats")
    Uni<JsonNode> stats();

    @GET
    @Path("/jobs/{id}/trials")
    Uni<JsonNode> trials(@PathParam("id") String id);

    @GET
    @Path("/jobs/{id}/logs")
    Uni<JsonNode> logs(@PathParam("id") String id);

    @POST
    @Path("/jobs/{id}/cancel")
    Uni<String> cancel(@PathParam("id") String id, @HeaderParam("X-User") String user);

    @POST
    @Path("/jobs/{id}/retry")
    Uni<String> retry(@PathParam("id") String id, @HeaderParam("X-User") String user);

    /** A new job like this one (same dataset version and options): "run again" for a completed job. */
    @POST
    @Path("/jobs/{id}/clone")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<String> cloneJob(@PathParam("id") String id, @HeaderParam("X-User") String user, Map<String, Object> edits);

    @GET
    @Path("/workers")
    Uni<JsonNode> workers();

    @POST
    @Path("/models/{jobId}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<JsonNode> predict(@PathParam("jobId") String jobId, Map<String, String> body);

    /** A language model's answer as server-sent events: "token" {text} … then "done" {answer}. */
    @POST
    @Path("/models/{jobId}/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    io.smallrye.mutiny.Multi<org.jboss.resteasy.reactive.client.SseEvent<String>> generate(@PathParam("jobId") String jobId,
                                                                                            Map<String, Object> body);

    @GET
    @Path("/models/{jobId}/file")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    Uni<byte[]> modelFile(@PathParam("jobId") String jobId);

    @GET
    @Path("/q/health")
    Uni<JsonNode> health();
}
