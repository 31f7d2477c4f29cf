package io.thunderline.tracking.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.tracking.config.TrackingConfig;
import io.thunderline.tracking.service.JobResults;
import io.thunderline.tracking.service.ResultsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Model comparison: chosen jobs' params and metric histories side by side (the page's compare view). */
@Path("/compare")
@Produces(MediaType.APPLICATION_JSON)
public class CompareResource {
    private final ResultsService results;
    private final TrackingConfig config;
    private final TrackingAccess access;

    public CompareResource(ResultsService results, TrackingConfig config, TrackingAccess access) {
        this.access = access;
        this.results = results;
        this.config = config;
    }

    /** One compared job: params by name, metrics by name as [{step, value}] in step order. */
    public record Compared(String jobId, Map<String, String> params, Map<String, List<StepValue>> metrics) {
    }

    public record StepValue(long step, double value) {
    }

    @GET
    public Uni<List<Compared>> compare(@QueryParam("jobs") String jobs, @Context SecurityContext security) {
        List<String> ids = jobs == null ? List.of() : Arrays.stream(jobs.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.isEmpty()) {
            throw new InvalidRequestException("jobs", "name the jobs to compare: jobs=<id>,<id>,...");
        }
        if (ids.size() > config.maxCompared()) {
            throw new InvalidRequestException("jobs", "at most " + config.maxCompared() + " jobs can be compared at once, "
                    + "not " + ids.size());
        }
        return access.jobs(ids, Caller.of(security)).flatMap(v -> results.of(ids))
                .map(list -> list.stream().map(CompareResource::compared).toList());
    }

    private static Compared compared(JobResults r) {
        Map<String, List<StepValue>> metrics = new LinkedHashMap<>();
        r.metrics().forEach((key, points) -> metrics.put(key,
                points.stream().map(p -> new StepValue(p.step(), p.value())).toList()));
        return new Compared(r.jobId(), r.params(), metrics);
    }
}
