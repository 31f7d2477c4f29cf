package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.deploy.DeploymentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

/**
 * Logged predictions (through a deployment, or a classifier job's own predict) and the feedback on them: recorded
 * once; the same feedback again answers 200 with {@code recorded: false}, different feedback a 409 problem.
 */
@Path("/predictions/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionResource {
    private final DeploymentService deployments;
    private final Ownership owners;

    public PredictionResource(DeploymentService deployments, Ownership owners) {
        this.deployments = deployments;
        this.owners = owners;
    }

    @GET
    public Uni<DeploymentService.PredictionView> get(@PathParam("id") String id, @Context SecurityContext security) {
        return owners.prediction(id, Caller.of(security));
    }

    @POST
    @Path("/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DeploymentService.FeedbackView> feedback(@PathParam("id") String id,
                                                        DeploymentService.FeedbackRequest request,
                                                        @Context SecurityContext security) {
        Caller caller = Ownership.person(Caller.of(security));
        return owners.mayUsePrediction(id, caller).flatMap(v -> deployments.feedback(id, request, caller.subject()));
    }
}
