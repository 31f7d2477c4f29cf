package io.thunderline.tracking.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** trainer-service, as agreed in the brief: the job and its trained model file. */
@RegisterRestClient(configKey = "trainer")
public interface TrainerApi {
    @GET
    @Path("/jobs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Response job(@PathParam("id") String jobId);

    @GET
    @Path("/models/{jobId}/file")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    Response modelFile(@PathParam("jobId") String jobId);
}
