package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.support.client.ServiceUnavailable;
import io.thunderline.ui.client.TrackingApi;
import io.thunderline.ui.client.TrackingClient;
import io.thunderline.ui.repository.JobView;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.service.FormError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model comparison: two or more jobs' metrics side by side, from tracking-service (what MLflow holds). When tracking
 * is down the page still compares, from the updates it kept itself, and says so.
 */
@Path("/api/compare")
@Produces(MediaType.APPLICATION_JSON)
public class CompareResource {
    static final int MAX_JOBS = 8;

    private final JobAccess access;
    private final JobViewRepository jobs;
    private final TrackingClient tracking;
    private final SecurityIdentity identity;

    public CompareResource(JobAccess access, JobViewRepository jobs, TrackingClient tracking, SecurityIdentity identity) {
        this.access = access;
        this.jobs = jobs;
        this.tracking = tracking;
        this.identity = identity;
    }

    public record Point(double step, double value) {
    }

    public record Series(String jobId, String label, String status, Map<String, Object> params,
                         Map<String, List<Point>> metrics) {
    }

    public record Comparison(String source, String notice, List<Series> jobs) {
    }

    @GET
    public Uni<Comparison> compare(@QueryParam("jobs") String jobIds) {
        List<String> ids = jobIds == null ? List.of() : Arrays.stream(jobIds.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).distinct().toList();
        if (ids.size() < 2 || ids.size() > MAX_JOBS) {
            throw new FormError("jobs", "Pick between 2 and " + MAX_JOBS + " jobs to compare (jobs=a,b,…).");
        }
        return access.allVisible(ids, identity).flatMap(views -> tracking.compare(ids)
                .map(runs -> fromTracking(runs, views))
                .onFailure(ServiceUnavailable.class).recoverWithUni(e -> fromPage(ids, views, e.getMessage())));
    }

    private static Comparison fromTracking(List<TrackingApi.Run> runs, List<JobView> views) {
        List<Series> out = new ArrayList<>();
        for (TrackingApi.Run run : runs) {
            Map<String, List<Point>> metrics = new LinkedHashMap<>();
            (run.metrics() == null ? Map.<String, List<TrackingApi.Step>>of() : run.metrics()).forEach((name, steps) ->
                    metrics.put(name, steps.stream().map(s -> new Point(s.step(), s.value())).toList()));
            JobView view = views.stream().filter(v -> v.jobId().equals(run.jobId())).findFirst().orElse(null);
            out.add(new Series(run.jobId(), label(run.jobId(), view), view == null ? null : view.status(),
                    run.params() == null ? Map.of() : new LinkedHashMap<>(run.params()), metrics));
        }
        return new Comparison("mlflow", null, out);
    }

    private Uni<Comparison> fromPage(List<String> ids, List<JobView> views, String why) {
        List<Uni<Series>> series = new ArrayList<>();
        for (String id : ids) {
            JobView view = views.stream().filter(v -> v.jobId().equals(id)).findFirst().orElse(null);
            series.add(jobs.history(id).map(updates -> {
                Map<String, List<Point>> metrics = new LinkedHashMap<>();
                Integer phase = null;
                for (JobViewRepository.UpdateRow u : updates) {
                    phase = u.phase() != null ? u.phase() : phase;
                    // the final training's epochs (phase 3); the search's trials are on the job's page
                    if (phase == null || phase != 3 || u.epoch() == null) {
                        continue;
                    }
                    u.metrics().forEach((k, v) -> metrics.computeIfAbsent(k, x -> new ArrayList<>())
                            .add(new Point(u.epoch(), ((Number) v).doubleValue())));
                }
                Map<String, Object> params = new LinkedHashMap<>();
                if (view != null) {
                    params.put("modelType", view.modelType());
                    params.put("dataset", view.datasetName());
                    params.put("priority", view.priority());
                }
                return new Series(id, label(id, view), view == null ? null : view.status(), params, metrics);
            }));
        }
        return Uni.join().all(series).andFailFast()
                .map(list -> new Comparison("page", why + ": showing the metrics this page recorded", list));
    }

    private static String label(String jobId, JobView view) {
        String shortId = jobId.length() > 8 ? jobId.substring(0, 8) : jobId;
        return view == null || view.datasetName() == null ? shortId : shortId + " · " + view.modelType();
    }
}
