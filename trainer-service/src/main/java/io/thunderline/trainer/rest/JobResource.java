package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.queue.JobControl;
import io.thunderline.trainer.queue.JobQueries;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.QueueStats;
import io.thunderline.trainer.repository.TrialRepository;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
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

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The queue's REST API (the page and its admin dashboard use it). The acting user is the verified caller
 * ({@link Ownership}); the X-User header older pages send is not believed.
 */
@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
    private final JobQueries queries;
    private final JobControl control;
    private final Ownership owners;

    public JobResource(JobQueries queries, JobControl control, Ownership owners) {
        this.queries = queries;
        this.control = control;
        this.owners = owners;
    }

    @GET
    public Uni<JobQueries.Page> list(@QueryParam("status") String status, @QueryParam("modelType") String modelType,
                                     @QueryParam("createdBy") String createdBy, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("limit") @DefaultValue("50") int limit,
                                     @QueryParam("offset") @DefaultValue("0") int offset,
                                     @Context SecurityContext security) {
        String owner = Ownership.listedOwner(createdBy, Caller.of(security));
        JobRepository.Filter filter = new JobRepository.Filter(
                blank(status) ? null : wire("status", () -> JobStatus.fromWire(status).wireName()),
                blank(modelType) ? null : wire("modelType", () -> ModelType.fromWire(modelType).wireName()),
                owner, time(from, "from"), time(to, "to"));
        return queries.list(filter, Math.min(Math.max(limit, 1), 500), Math.max(offset, 0));
    }

    @GET
    @Path("/stats")
    public Uni<QueueStats.Stats> stats(@Context SecurityContext security) {
        Ownership.statusReader(Caller.of(security));
        return queries.stats();
    }

    @GET
    @Path("/{id}")
    public Uni<JobRow> get(@PathParam("id") String id, @Context SecurityContext security) {
        return owners.job(id, Caller.of(security));
    }

    @GET
    @Path("/{id}/trials")
    public Uni<List<TrialRepository.Trial>> trials(@PathParam("id") String id, @Context SecurityContext security) {
        return owners.mayUseJob(id, Caller.of(security), "id").flatMap(v -> queries.trials(id));
    }

    @GET
    @Path("/{id}/metrics")
    public Uni<List<QueueStats.MetricPoint>> metrics(@PathParam("id") String id, @Context SecurityContext security) {
        return owners.mayUseJob(id, Caller.of(security), "id").flatMap(v -> queries.metrics(id));
    }

    @GET
    @Path("/{id}/logs")
    public Uni<List<QueueStats.LogLine>> logs(@PathParam("id") String id, @Context SecurityContext security) {
        return owners.mayUseJob(id, Caller.of(security), "id").flatMap(v -> queries.logs(id));
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<JobControl.Result> cancel(@PathParam("id") String id, @QueryParam("beforeArrival") boolean beforeArrival,
                                         @Context SecurityContext security) {
        // owner-or-admin is checked by JobControl under the job's lock: a job cancelled before it arrives has no owner yet
        return control.cancel(id, Ownership.person(Caller.of(security)), beforeArrival);
    }

    @POST
    @Path("/{id}/retry")
    public Uni<JobControl.Result> retry(@PathParam("id") String id, @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return owners.mayUseJob(id, caller, "id").flatMap(v -> control.retry(id, caller.subject()));
    }

    @POST
    @Path("/{id}/clone")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<JobControl.Result> cloneJob(@PathParam("id") String id, JobControl.CloneEdits edits,
                                           @Context SecurityContext security) {
        Caller caller = Caller.of(security);
        return owners.mayUseJob(id, caller, "id").flatMap(v -> control.cloneJob(id, edits, caller.subject()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A query parameter the contracts refuse: a 400 problem naming it. */
    private static String wire(String field, Supplier<String> parse) {
        try {
            return parse.get();
        } catch (InvalidEventException e) {
            throw new ProblemException(400, field, e.getMessage());
        }
    }

    private static OffsetDateTime time(String value, String field) {
        if (blank(value)) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, field, "query parameter '" + field + "' must be an ISO-8601 time such as "
                    + "2026-11-25T10:00:00Z, not '" + value + "'");
        }
    }
}
