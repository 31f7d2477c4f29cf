package io.thunderline.tracking.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.tracking.domain.RunRow;
import io.thunderline.tracking.repository.RunRepository;
import io.thunderline.tracking.repository.UpdateRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Jobs' params and metric histories side by side, read from tracking-service's own copy (the same names and steps as
 * in MLflow), so that comparison and export work for untracked jobs and while MLflow is down.
 */
@ApplicationScoped
public class ResultsService {
    private final RunRepository runs;
    private final UpdateRepository updates;

    public ResultsService(RunRepository runs, UpdateRepository updates) {
        this.runs = runs;
        this.updates = updates;
    }

    /** Some of the jobs asked for were never seen: 404 naming the field "jobs"; errors = the unknown ids. */
    public static class UnknownJobsException extends ProblemException {
        public UnknownJobsException(List<String> jobIds) {
            super(404, "jobs", "unknown job" + (jobIds.size() > 1 ? "s " : " ") + String.join(", ", jobIds), jobIds);
        }
    }

    /** Results of the given jobs, in the order given. */
    public Uni<List<JobResults>> of(List<String> jobIds) {
        return runs.findAll(jobIds).flatMap(found -> {
            Map<String, RunRow> byId = found.stream().collect(Collectors.toMap(RunRow::jobId, r -> r));
            List<String> unknown = jobIds.stream().filter(id -> !byId.containsKey(id)).toList();
            if (!unknown.isEmpty()) {
                return Uni.createFrom().failure(new UnknownJobsException(unknown));
            }
            return Uni.combine().all().unis(updates.params(jobIds), updates.metrics(jobIds)).asTuple()
                    .map(t -> assemble(jobIds, byId, t.getItem1(), t.getItem2()));
        });
    }

    private static List<JobResults> assemble(List<String> jobIds, Map<String, RunRow> runs,
                                             Map<String, Map<String, String>> params,
                                             List<UpdateRepository.StoredMetric> metrics) {
        Map<String, Map<String, List<JobResults.Point>>> series = new LinkedHashMap<>();
        for (UpdateRepository.StoredMetric m : metrics) {
            series.computeIfAbsent(m.jobId(), k -> new TreeMap<>())
                    .computeIfAbsent(m.key(), k -> new ArrayList<>())
                    .add(new JobResults.Point(m.step(), m.value(), m.at(), m.seq()));
        }
        List<JobResults> results = new ArrayList<>();
        for (String jobId : new java.util.LinkedHashSet<>(jobIds)) {
            Map<String, String> p = new TreeMap<>(runs.get(jobId).requestParams());
            p.putAll(params.getOrDefault(jobId, Map.of()));
            results.add(new JobResults(jobId, p, series.getOrDefault(jobId, Map.of())));
        }
        return results;
    }
}
