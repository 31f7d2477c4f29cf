package io.thunderline.trainer.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.deploy.DeploymentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * A/B deployments of trained classifiers: create (A, B and B's share), read (each model's calls, feedback and online
 * accuracy with its 95 % interval), predict (A or B answers as the split draws; the answer names its prediction id and
 * version), change the split, promote B. The acting user comes in X-User; the page checks who may do what.
 */
@Path("/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentResource {
    private final DeploymentService deployments;
    private final Ownership owners;

    public DeploymentResource(DeploymentService deployments, Ownership owners) {
        this.deployments = deployments;
        this.owners = owners;
    }

    /** {text}; an optional {@code key} (a user or session) keeps every call with that key on one side. */
    public record PredictRequest(String text, String key) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(DeploymentService.CreateRequest request, @Context SecurityContext security) {
        Caller caller = Ownership.person(Caller.of(security));
        // both models must be the caller's own jobs (the page checked this; now the trainer does too)
        Uni<Void> mine = request == null || blank(request.activeJobId()) ? Uni.createFrom().voidItem()
                : owners.mayUseJob(request.activeJobId().strip(), caller, "activeJobId");
        Uni<Void> both = request == null || blank(request.candidateJobId()) ? mine
                : mine.flatMap(v -> owners.mayUseJob(request.candidateJobId().strip(), caller, "candidateJobId"));
        return both.flatMap(v -> deployments.create(request, caller.subject()))
                .map(d -> Response.created(URI.create("/deployments/" + d.id())).entity(d).build());
    }

    @GET
    public Uni<List<DeploymentService.DeploymentView>> list(@QueryParam("createdBy") String createdBy,
                                                            @Context SecurityContext security) {
        return deployments.list(Ownership.listedOwner(createdBy, Caller.of(security)));
    }

    @GET
    @Path("/{id}")
    public Uni<DeploymentService.DeploymentView> get(@PathParam("id") String id, @Context SecurityContext security) {
        return owners.deployment(id, Caller.of(security));
    }

    @POST
    @Path("/{id}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public DeploymentService.Answer predict(@PathParam("id") String id, PredictRequest request,
                                            @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        owners.mayUseDeployment(id, caller).await().atMost(java.time.Duration.ofSeconds(10));
        return deployments.predict(id, request == null ? null : request.text(), request == null ? null : request.key(),
                caller.subject());
    }

    @POST
    @Path("/{id}/split")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DeploymentService.DeploymentView> split(@PathParam("id") String id, DeploymentService.SplitRequest request,
                                                       @Context SecurityContext security) {
        return owners.mayUseDeployment(id, Caller.of(security)).flatMap(v -> deployments.split(id, request));
    }

    @POST
    @Path("/{id}/promote")
    public Uni<DeploymentService.DeploymentView> promote(@PathParam("id") String id,
                                                         @Context SecurityContext security) {
        Caller caller = Ownership.person(Caller.of(security));
        return owners.mayUseDeployment(id, caller).flatMap(v -> deployments.promote(id, caller.subject()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
