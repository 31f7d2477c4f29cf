package io.thunderline.tracking.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.tracking.repository.RunRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
    private final RunRepository runs;

    public RunResource(RunRepository runs) {
        this.runs = runs;
    }

    @GET
    @Path("/{jobId}")
    public Uni<RunRepository.RunRow> get(@PathParam("jobId") String jobId) {
        return runs.find(jobId).map(r -> r.orElseThrow(() -> new NotFoundException("no run for job " + jobId)));
    }
}
