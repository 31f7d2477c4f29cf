package io.thunderline.ui.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.thunderline.ui.client.DatasetApi;
import io.thunderline.ui.client.DatasetClient;
import io.thunderline.ui.repository.JobView;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.service.FormError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prompt versioning, the dataset page's API: a dataset's versions with the jobs trained on each and their main
 * scores, the example-by-example diff of any two versions, and a version as prompt text for "edit and retrain".
 * Only the dataset's creator (or an admin) gets answers; for anyone else the dataset does not exist (404).
 */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetPageResource {
    /**
     * The scores the page shows side by side: of each group, the first one a job's final metrics have (a
     * cross-validated estimate before a held-out score before a validation score).
     */
    static final List<List<Map.Entry<String, String>>> MAIN_SCORES = List.of(
            List.of(Map.entry("cv_f1_mean", "macro F1 (cross-validated)"), Map.entry("f1", "macro F1"),
                    Map.entry("val_f1", "val macro F1")),
            List.of(Map.entry("cv_accuracy_mean", "accuracy (cross-validated)"), Map.entry("accuracy", "accuracy"),
                    Map.entry("val_accuracy", "val accuracy")),
            List.of(Map.entry("rougeL", "ROUGE-L")),
            List.of(Map.entry("cosine", "cosine similarity")));

    private final DatasetAccess access;
    private final DatasetClient datasets;
    private final JobViewRepository jobs;
    private final SecurityIdentity identity;

    public DatasetPageResource(DatasetAccess access, DatasetClient datasets, JobViewRepository jobs,
                               SecurityIdentity identity) {
        this.access = access;
        this.datasets = datasets;
        this.jobs = jobs;
        this.identity = identity;
    }

    public record Score(String metric, String label, double value) {
    }

    public record JobSummary(String jobId, String status, String createdBy, OffsetDateTime submittedAt,
                             OffsetDateTime finishedAt, List<Score> scores) {
    }

    public record VersionRow(int version, String createdAt, String createdBy, String source, int examples,
                             Map<String, Integer> labels, String task, String changeSummary, List<JobSummary> jobs) {
    }

    public record DatasetPage(String datasetId, String name, String description, String modelType, String createdBy,
                              boolean deleted, int latestVersion, List<VersionRow> versions) {
    }

    @GET
    @Path("/{id}")
    public Uni<DatasetPage> get(@PathParam("id") String id) {
        Viewer viewer = Viewer.of(identity);
        return access.visible(id, identity).flatMap(dataset -> Uni.combine().all()
                .unis(datasets.versions(id), jobs.byDataset(id)).asTuple()
                .map(t -> {
                    List<VersionRow> rows = new ArrayList<>();
                    for (DatasetApi.Version v : t.getItem1()) {
                        List<JobSummary> trained = t.getItem2().stream()
                                .filter(j -> j.datasetVersion() != null && j.datasetVersion() == v.version())
                                .filter(j -> viewer.maySee(j.createdBy()))
                                .map(DatasetPageResource::summary).toList();
                        rows.add(new VersionRow(v.version(), v.createdAt(), v.createdBy(), v.source(), v.rowCount(),
                                v.labels(), v.task(), v.changeSummary(), trained));
                    }
                    return new DatasetPage(dataset.datasetId(), dataset.name(), dataset.description(),
                            dataset.modelType(), dataset.createdBy(), dataset.deletedAt() != null,
                            dataset.latestVersion(), rows);
                }));
    }

    @GET
    @Path("/{id}/diff")
    public Uni<DatasetApi.Diff> diff(@PathParam("id") String id, @QueryParam("from") String from,
                                     @QueryParam("to") String to) {
        int a = version("from", from);
        int b = version("to", to);
        return access.visible(id, identity).flatMap(dataset -> {
            if (Math.max(a, b) > dataset.latestVersion()) {
                String field = b > dataset.latestVersion() ? "to" : "from";
                throw new FormError(field, "Dataset " + id + " has versions 1 to " + dataset.latestVersion()
                        + "; there is no version " + Math.max(a, b) + ".");
            }
            return datasets.diff(id, a, b);
        });
    }

    /** A version as prompt text with its model type: what "edit and retrain" puts into the training prompt. */
    @GET
    @Path("/{id}/versions/{version}/prompt")
    public Uni<DatasetApi.VersionText> prompt(@PathParam("id") String id, @PathParam("version") String version) {
        int v = version("version", version);
        return access.visible(id, identity).flatMap(dataset -> {
            if (v > dataset.latestVersion()) {
                throw new FormError("version", "Dataset " + id + " has versions 1 to " + dataset.latestVersion()
                        + "; there is no version " + v + ".");
            }
            return datasets.text(id, v);
        });
    }

    /** The main scores among a job's final metrics: only those it has, never made up. */
    static List<Score> mainScores(Map<String, Object> metrics) {
        List<Score> out = new ArrayList<>();
        if (metrics == null) {
            return out;
        }
        for (List<Map.Entry<String, String>> group : MAIN_SCORES) {
            for (Map.Entry<String, String> s : group) {
                if (metrics.get(s.getKey()) instanceof Number n && Double.isFinite(n.doubleValue())) {
                    out.add(new Score(s.getKey(), s.getValue(), n.doubleValue()));
                    break;
                }
            }
        }
        return out;
    }

    /** A job with its final scores: a running job's metrics are those of its latest trial or epoch, not a score. */
    private static JobSummary summary(JobView j) {
        return new JobSummary(j.jobId(), j.status(), j.createdBy(), j.submittedAt(), j.finishedAt(),
                "completed".equals(j.status()) ? mainScores(j.metrics()) : List.of());
    }

    static int version(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new FormError(field, "Give '" + field + "' as a version number (1, 2, 3 …).");
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        String shown = value.length() > 20 ? value.substring(0, 19) + "…" : value;
        throw new FormError(field, "'" + shown + "' is not a version number: give '" + field + "' as 1, 2, 3 …");
    }
}
