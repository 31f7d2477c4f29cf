package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Optional;

@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final JobRepository jobs;

    public JobResource(JobRepository jobs) {
        this.jobs = jobs;
    }

    @GET
    public Uni<List<JobRow>> list(@QueryParam("status") String status, @QueryParam("limit") @DefaultValue("50") int limit,
                                  @QueryParam("offset") @DefaultValue("0") int offset) {
        Optional<JobStatus> filter = Optional.ofNullable(status).filter(s -> !s.isBlank()).map(JobStatus::fromWire);
        return jobs.list(filter, Math.min(Math.max(limit, 1), 500), Math.max(offset, 0));
    }

    @GET
    @Path("/{id}")
    public Uni<JobRow> get(@PathParam("id") String id) {
        return jobs.find(id).map(job -> job.orElseThrow(() -> new NotFoundException("no job " + id)));
    }
}
