package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.ui.client.TrainerApi;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.FormError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Right or wrong (and the right label) on a logged prediction: an answer of one of the viewer's A/B tests, or of one
 * of their jobs' "Try it". Recorded once by the trainer; a different second judgement is a 409 problem.
 */
@Path("/api/predictions")
@Produces(MediaType.APPLICATION_JSON)
public class PredictionFeedbackResource {
    private final TrainerClient trainer;
    private final DeploymentAccess access;
    private final SecurityIdentity identity;

    public PredictionFeedbackResource(TrainerClient trainer, DeploymentAccess access, SecurityIdentity identity) {
        this.trainer = trainer;
        this.access = access;
        this.identity = identity;
    }

    @POST
    @Path("/{id}/feedback")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TrainerApi.Feedback> feedback(@PathParam("id") String id, TrainerApi.FeedbackRequest request) {
        if (request == null || (request.correct() == null && (request.label() == null || request.label().isBlank()))) {
            throw new FormError("correct", "Say whether the answer was right ({\"correct\": true}) or give the right label.");
        }
        return access.judgeable(id, identity)
                .flatMap(p -> trainer.feedback(id, Viewer.of(identity).name(), request));
    }
}
