package io.thunderline.trainer.rest;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.deploy.DeploymentService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
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

    public DeploymentResource(DeploymentService deployments) {
        this.deployments = deployments;
    }

    /** {text}; an optional {@code key} (a user or session) keeps every call with that key on one side. */
    public record PredictRequest(String text, String key) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(DeploymentService.CreateRequest request, @HeaderParam("X-User") String user) {
        return deployments.create(request, user(user))
                .map(d -> Response.created(URI.create("/deployments/" + d.id())).entity(d).build());
    }

    @GET
    public Uni<List<DeploymentService.DeploymentView>> list(@QueryParam("createdBy") String createdBy) {
        return deployments.list(createdBy);
    }

    @GET
    @Path("/{id}")
    public Uni<DeploymentService.DeploymentView> get(@PathParam("id") String id) {
        return deployments.view(id);
    }

    @POST
    @Path("/{id}/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Blocking
    public DeploymentService.Answer predict(@PathParam("id") String id, PredictRequest request,
                                            @HeaderParam("X-User") String user) {
        return deployments.predict(id, request == null ? null : request.text(), request == null ? null : request.key(),
                user(user));
    }

    @POST
    @Path("/{id}/split")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<DeploymentService.DeploymentView> split(@PathParam("id") String id, DeploymentService.SplitRequest request) {
        return deployments.split(id, request);
    }

    @POST
    @Path("/{id}/promote")
    public Uni<DeploymentService.DeploymentView> promote(@PathParam("id") String id, @HeaderParam("X-User") String user) {
        return deployments.promote(id, user(user));
    }

    static String user(String header) {
        return header == null || header.isBlank() ? "anonymous" : header;
    }
}
