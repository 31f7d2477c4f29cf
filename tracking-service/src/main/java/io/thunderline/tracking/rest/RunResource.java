package io.thunderline.tracking.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.tracking.repository.PendingOpRepository;
import io.thunderline.tracking.repository.RunRepository;
import io.thunderline.tracking.service.JobResults;
import io.thunderline.tracking.service.ResultsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;

@Path("/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {
    private final RunRepository runs;
    private final PendingOpRepository ops;
    private final ResultsService results;
    private final TrackingAccess access;

    public RunResource(RunRepository runs, PendingOpRepository ops, ResultsService results, TrackingAccess access) {
        this.access = access;
        this.runs = runs;
        this.ops = ops;
        this.results = results;
    }

    /** Where the job's MLflow run is (the page's link). */
    @GET
    @Path("/{jobId}")
    public Uni<RunView> get(@PathParam("jobId") String jobId, @Context SecurityContext security) {
        return access.jobs(List.of(jobId), Caller.of(security)).flatMap(v -> runs.find(jobId)).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().failure(new NotSeenException("tracking-service has seen no job " + jobId));
            }
            return ops.waitingFor(jobId).map(pending -> RunView.of(found.get(), pending));
        });
    }

    /** The job's params and metrics: format=csv (one row per metric value) or json. */
    @GET
    @Path("/{jobId}/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Uni<Response> export(@PathParam("jobId") String jobId, @QueryParam("format") String format,
                                @Context SecurityContext security) {
        String f = format == null || format.isBlank() ? "csv" : format.strip().toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("json")) {
            throw new InvalidRequestException("format", "format must be csv or json, not '" + format + "'");
        }
        return access.jobs(List.of(jobId), Caller.of(security)).flatMap(v -> results.of(List.of(jobId)))
                .onFailure(ResultsService.UnknownJobsException.class)
                .transform(e -> new NotSeenException("tracking-service has seen no job " + jobId))
                .map(list -> {
                    JobResults r = list.get(0);
                    String fileName = "job-" + jobId.replaceAll("[^A-Za-z0-9._-]", "_") + "-metrics." + f;
                    Response.ResponseBuilder b = f.equals("csv")
                            ? Response.ok(ResultsCsv.write(r), "text/csv; charset=UTF-8")
                            : Response.ok(r, MediaType.APPLICATION_JSON);
                    return b.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"").build();
                });
    }
}
