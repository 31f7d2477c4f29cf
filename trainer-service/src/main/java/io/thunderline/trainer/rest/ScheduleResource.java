package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.repository.ScheduleRow;
import io.thunderline.trainer.schedule.ScheduleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/** Scheduled training: a cron that reruns a dataset's latest version, owned by the person who made it. */
@Path("/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {
    private final ScheduleService service;
    private final Ownership owners;

    public ScheduleResource(ScheduleService service, Ownership owners) {
        this.service = service;
        this.owners = owners;
    }

    /** 201 with the schedule and its first due time; a 400 problem naming the field for a bad one. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ScheduleService.ScheduleRequest request, @Context SecurityContext security) {
        Caller caller = Ownership.person(Caller.of(security));
        if (request != null && request.createdBy() != null && !request.createdBy().isBlank() && !caller.admin()
                && !request.createdBy().strip().equals(caller.subject())) {
            throw new io.thunderline.support.identity.NotAllowed("createdBy", "createdBy '" + request.createdBy().strip()
                    + "' is not you (" + caller.subject() + "); leave it out");
        }
        return service.create(request, caller.subject(), caller.admin())
                .map(s -> Response.created(URI.create("/schedules/" + s.id())).entity(s).build());
    }

    @GET
    public Uni<List<ScheduleRow>> list(@QueryParam("datasetId") String datasetId, @Context SecurityContext security) {
        Caller caller = Ownership.person(Caller.of(security));
        return service.list(datasetId == null || datasetId.isBlank() ? null : datasetId)
                .map(rows -> rows.stream().filter(s -> caller.maySee(s.createdBy())).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<ScheduleRow> get(@PathParam("id") String id, @Context SecurityContext security) {
        return owners.schedule(id, Caller.of(security));
    }

    /** Stops the schedule; jobs it already requested are not touched. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id, @Context SecurityContext security) {
        return owners.mayUseSchedule(id, Caller.of(security)).flatMap(v -> service.delete(id))
                .map(v -> Response.noContent().build());
    }
}
