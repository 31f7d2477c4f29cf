package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.support.client.Refused;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.ui.client.TrainerApi;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.security.Viewer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A user sees and controls the A/B deployments they created, an admin all of them; anyone else's does not exist for
 * them (404), as with jobs and datasets. trainer-service does not check callers: this is the check. Feedback on a
 * prediction may be given by whoever may see the deployment that made it, or the job that made it ("Try it").
 */
@ApplicationScoped
public class DeploymentAccess {
    private final TrainerClient trainer;
    private final JobAccess jobs;

    public DeploymentAccess(TrainerClient trainer, JobAccess jobs) {
        this.trainer = trainer;
        this.jobs = jobs;
    }

    public static class NotYours extends ProblemException {
        NotYours(String what, String id) {
            super(404, null, "No " + what + " " + id + " of yours");
        }
    }

    public Uni<TrainerApi.Deployment> visible(String id, SecurityIdentity identity) {
        Viewer viewer = Viewer.of(identity);
        if (!plausibleId(id)) {
            return Uni.createFrom().failure(new NotYours("A/B test", String.valueOf(id)));
        }
        return trainer.deployment(id)
                .onFailure(e -> e instanceof Refused r && r.status() == 404).transform(e -> new NotYours("A/B test", id))
                .map(d -> {
                    if (!viewer.maySee(d.createdBy())) {
                        throw new NotYours("A/B test", id);
                    }
                    return d;
                });
    }

    /** The prediction if the viewer may judge it: it came from their deployment, or from their job asked directly. */
    public Uni<TrainerApi.LoggedPrediction> judgeable(String predictionId, SecurityIdentity identity) {
        if (!plausibleId(predictionId)) {
            return Uni.createFrom().failure(new NotYours("prediction", String.valueOf(predictionId)));
        }
        return trainer.prediction(predictionId)
                .onFailure(e -> e instanceof Refused r && r.status() == 404)
                .transform(e -> new NotYours("prediction", predictionId))
                .flatMap(p -> (p.deploymentId() != null ? visible(p.deploymentId(), identity).replaceWith(p)
                        : jobs.visible(p.jobId(), identity).replaceWith(p))
                        .onFailure(e -> e instanceof NotYours || e instanceof JobAccess.NotYours)
                        .transform(e -> new NotYours("prediction", predictionId)));
    }

    static boolean plausibleId(String id) {
        return id != null && id.matches("[A-Za-z0-9_-]{1,64}");
    }
}
