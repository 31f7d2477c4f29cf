package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.ui.client.TrainerApi;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.repository.JobView;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.FormError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * A/B tests of the viewer's trained classifiers (trainer-service /deployments): create one from two of their completed
 * classification jobs, read each side's online accuracy, ask it (A or B answers as the split draws), change B's
 * share, promote B (feedback on their answers: {@link PredictionFeedbackResource}). Only the creator (or an admin)
 * sees a test; refusals are problems naming the page's field.
 */
@Path("/api/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentResource {
    private final TrainerClient trainer;
    private final DeploymentAccess access;
    private final JobAccess jobs;
    private final SecurityIdentity identity;

    public DeploymentResource(TrainerClient trainer, DeploymentAccess access, JobAccess jobs, SecurityIdentity identity) {
        this.trainer = trainer;
        this.access = access;
        this.jobs = jobs;
        this.identity = identity;
    }

    /** The form: A and B are job ids, B's share a number from 0 to 1. */
    public record NewTest(String name, String activeJobId, String candidateJobId, Double candidateShare) {
    }

    public record Split(Double candidateShare) {
    }

    public record Ask(String text) {
    }

    @GET
    public Uni<List<TrainerApi.Deployment>> list() {
        Viewer viewer = Viewer.of(identity);
        return trainer.deployments(viewer.admin() ? null : viewer.name());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(NewTest form) {
        Viewer viewer = Viewer.of(identity);
        if (form == null || blank(form.activeJobId())) {
            throw new FormError("activeJobId", "Pick the model that answers now (A): one of your completed "
                    + "classification jobs.");
        }
        if (blank(form.candidateJobId())) {
            throw new FormError("candidateJobId", "Pick the model to compare with it (B).");
        }
        if (form.candidateShare() == null || !(form.candidateShare() >= 0 && form.candidateShare() <= 1)) {
            throw new FormError("candidateShare", "Give B's share of the calls from 0 % to 100 %.");
        }
        String a = form.activeJobId().strip();
        String b = form.candidateJobId().strip();
        return servable(a, "activeJobId").flatMap(x -> servable(b, "candidateJobId"))
                .flatMap(x -> trainer.createDeployment(viewer.name(), new TrainerApi.DeploymentRequest(form.name(), a, b,
                        form.candidateShare())))
                .map(d -> Response.created(URI.create("/api/deployments/" + d.id())).entity(d).build());
    }

    @GET
    @Path("/{id}")
    public Uni<TrainerApi.Deployment> get(@PathParam("id") String id) {
        return access.visible(id, identity);
    }

    @POST
    @Path("/{id}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TrainerApi.DeployedAnswer> predict(@PathParam("id") String id, Ask ask) {
        if (ask == null || ask.text() == null || ask.text().isBlank()) {
            throw new FormError("text", "Type a text for the models to answer.");
        }
        if (ask.text().length() > 10_000) {
            throw new FormError("text", "Keep the text under 10,000 characters.");
        }
        return access.visible(id, identity)
                .flatMap(d -> trainer.deploymentPredict(id, Viewer.of(identity).name(), ask.text()));
    }

    @POST
    @Path("/{id}/split")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TrainerApi.Deployment> split(@PathParam("id") String id, Split split) {
        if (split == null || split.candidateShare() == null || !(split.candidateShare() >= 0 && split.candidateShare() <= 1)) {
            throw new FormError("candidateShare", "Give B's share of the calls from 0 % to 100 %.");
        }
        return access.visible(id, identity)
                .flatMap(d -> trainer.split(id, new TrainerApi.SplitRequest(split.candidateShare(), null)));
    }

    @POST
    @Path("/{id}/promote")
    public Uni<TrainerApi.Deployment> promote(@PathParam("id") String id) {
        return access.visible(id, identity).flatMap(d -> trainer.promote(id, Viewer.of(identity).name()));
    }

    /** A completed classification job of the viewer's, or a problem naming the form's field. */
    private Uni<JobView> servable(String jobId, String field) {
        return jobs.visible(jobId, identity)
                .onFailure(JobAccess.NotYours.class).transform(e -> new ProblemException(404, field, "No job " + jobId
                        + " of yours: pick one of your completed classification jobs."))
                .map(job -> {
                    if (!"completed".equals(job.status())) {
                        throw new FormError(field, "Job " + jobId + " is " + job.status()
                                + ": an A/B test serves the models of completed jobs.");
                    }
                    if (job.languageModel()) {
                        throw new FormError(field, "Job " + jobId + " trained a language model (" + job.modelType()
                                + "): A/B tests compare text classification and sentiment models.");
                    }
                    return job;
                });
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
