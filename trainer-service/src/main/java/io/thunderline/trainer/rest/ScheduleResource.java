package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.repository.ScheduleRow;
import io.thunderline.trainer.schedule.ScheduleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/** Scheduled training: a cron that reruns a dataset's latest version. The acting user comes in X-User. */
@Path("/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {
    private final ScheduleService service;

    public ScheduleResource(ScheduleService service) {
        this.service = service;
    }

    /** 201 with the schedule and its first due time; a 400 problem naming the field for a bad one. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(ScheduleService.ScheduleRequest request, @HeaderParam("X-User") String user) {
        return service.create(request, user).map(s -> Response.created(URI.create("/schedules/" + s.id())).entity(s).build());
    }

    @GET
    public Uni<List<ScheduleRow>> list(@QueryParam("datasetId") String datasetId) {
        return service.list(datasetId == null || datasetId.isBlank() ? null : datasetId);
    }

    @GET
    @Path("/{id}")
    public Uni<ScheduleRow> get(@PathParam("id") String id) {
        return service.get(id);
    }

    /** Stops the schedule; jobs it already requested are not touched. */
    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return service.delete(id).map(v -> Response.noContent().build());
    }
}
