package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.deploy.DeploymentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Logged predictions (through a deployment, or a classifier job's own predict) and the feedback on them: recorded
 * once; the same feedback again answers 200 with {@code recorded: false}, different feedback a 409 problem.
 */
@Path("/predictions/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionResource {
    private final DeploymentService deployments;

    public PredictionResource(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @GET
    public Uni<DeploymentService.PredictionView> get(@PathParam("id") String id) {
        return deployments.prediction(id);
    }

    @POST
    @Path("/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DeploymentService.FeedbackView> feedback(@PathParam("id") String id,
                                                        DeploymentService.FeedbackRequest request,
                                                        @HeaderParam("X-User") String user) {
        return deployments.feedback(id, request, DeploymentResource.user(user));
    }
}
