package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.QueueStats;
import io.thunderline.trainer.repository.TrialRepository;
import io.thunderline.trainer.service.JobControl;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/** The queue's REST API (the page and its admin dashboard use it). The acting user comes in X-User. */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final JobRepository jobs;
    private final TrialRepository trials;
    private final QueueStats stats;
    private final JobControl control;

    public JobResource(JobRepository jobs, TrialRepository trials, QueueStats stats, JobControl control) {
        this.jobs = jobs;
        this.trials = trials;
        this.stats = stats;
        this.control = control;
    }

    public record Page(List<JobRow> items, long total) {
    }

    @GET
    public Uni<Page> list(@QueryParam("status") String status, @QueryParam("modelType") String modelType,
                          @QueryParam("createdBy") String createdBy, @QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("limit") @DefaultValue("50") int limit,
                          @QueryParam("offset") @DefaultValue("0") int offset) {
        JobRepository.Filter filter = new JobRepository.Filter(
                blank(status) ? null : wire(() -> JobStatus.fromWire(status).wireName()),
                blank(modelType) ? null : wire(() -> ModelType.fromWire(modelType).wireName()),
                blank(createdBy) ? null : createdBy, time(from, "from"), time(to, "to"));
        int size = Math.min(Math.max(limit, 1), 500);
        return Uni.combine().all().unis(jobs.list(filter, size, Math.max(offset, 0)), jobs.count(filter)).with(Page::new);
    }

    @GET
    @Path("/stats")
    public Uni<QueueStats.Stats> stats() {
        return stats.stats();
    }

    @GET
    @Path("/{id}")
    public Uni<JobRow> get(@PathParam("id") String id) {
        return jobs.find(id).map(job -> job.orElseThrow(() -> new NotFoundException("no job " + id)));
    }

    @GET
    @Path("/{id}/trials")
    public Uni<List<TrialRepository.Trial>> trials(@PathParam("id") String id) {
        return trials.of(id);
    }

    @GET
    @Path("/{id}/metrics")
    public Uni<List<QueueStats.MetricPoint>> metrics(@PathParam("id") String id) {
        return stats.metrics(id);
    }

    @GET
    @Path("/{id}/logs")
    public Uni<List<QueueStats.LogLine>> logs(@PathParam("id") String id) {
        return stats.logs(id);
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<JobControl.Result> cancel(@PathParam("id") String id, @HeaderParam("X-User") String user) {
        return control.cancel(id, user(user));
    }

    @POST
    @Path("/{id}/retry")
    public Uni<JobControl.Result> retry(@PathParam("id") String id, @HeaderParam("X-User") String user) {
        return control.retry(id, user(user));
    }

    @POST
    @Path("/{id}/clone")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<JobControl.Result> cloneJob(@PathParam("id") String id, JobControl.CloneEdits edits,
                                           @HeaderParam("X-User") String user) {
        try {
            return control.cloneJob(id, edits, user(user));
        } catch (InvalidEventException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static String user(String header) {
        return blank(header) ? "anonymous" : header;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String wire(java.util.function.Supplier<String> parse) {
        try {
            return parse.get();
        } catch (InvalidEventException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static OffsetDateTime time(String value, String field) {
        if (blank(value)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("query parameter '" + field + "' must be an ISO-8601 time such as "
                    + "2026-11-25T10:00:00Z, not '" + value + "'");
        }
    }
}
