package io.thunderline.ui.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.TrainingRequested;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The page's list of jobs, kept from submissions and job updates. */
@ApplicationScoped
public class JobViewRepository {
    private final Pool pool;

    public JobViewRepository(Pool pool) {
        this.pool = pool;
    }

    public record JobView(String jobId, String datasetName, String modelType, String priority, String createdBy,
                          String status, Integer phase, String phaseName, long lastSeq, String message,
                          Map<String, Object> metrics, String mlflowUrl, OffsetDateTime submittedAt,
                          OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    public Uni<Void> recordSubmission(TrainingRequested r, String datasetName) {
        return pool.preparedQuery("""
                        INSERT INTO job_view (job_id, dataset_id, dataset_name, model_type, priority, created_by, status, last_seq,
                                              submitted_at)
                        VALUES ($1, $2, $3, $4, $5, $6, 'queued', -1, $7)
                        ON CONFLICT (job_id) DO UPDATE SET dataset_id = $2, dataset_name = $3, model_type = $4, priority = $5,
                                                           created_by = $6""")
                .execute(Tuple.from(List.of(r.jobId(), r.datasetId(), datasetName, r.modelType().wireName(),
                        r.priority().wireName(), r.createdBy(), r.requestedAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** Applies an update unless a newer one is already there (updates may arrive out of order across restarts). */
    public Uni<Void> apply(SqlClient tx, JobUpdate u) {
        return tx.preparedQuery("""
                        INSERT INTO job_view (job_id, status, phase, phase_name, last_seq, message, metrics, started_at,
                                              finished_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $2 = 'running' THEN $8::timestamptz END,
                                CASE WHEN $2 IN ('completed', 'failed', 'cancelled') THEN $8::timestamptz END, $8::timestamptz)
                        ON CONFLICT (job_id) DO UPDATE SET
                            status = EXCLUDED.status,
                            phase = COALESCE(EXCLUDED.phase, job_view.phase),
                            phase_name = COALESCE(EXCLUDED.phase_name, job_view.phase_name),
                            last_seq = EXCLUDED.last_seq,
                            message = COALESCE(EXCLUDED.message, job_view.message),
                            metrics = job_view.metrics || EXCLUDED.metrics,
                            started_at = COALESCE(job_view.started_at, EXCLUDED.started_at),
                            finished_at = COALESCE(EXCLUDED.finished_at, job_view.finished_at),
                            updated_at = EXCLUDED.updated_at
                        WHERE job_view.last_seq < EXCLUDED.last_seq""")
                .execute(Tuple.from(Arrays.asList(u.jobId(), u.status().wireName(),
                        u.phase() == null ? null : u.phase().shortValue(), u.phaseName(), u.seq(), u.message(),
                        new JsonObject(Map.copyOf(u.metrics())), u.at().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    public Uni<List<JobView>> recent(int limit) {
        return pool.preparedQuery("SELECT * FROM job_view ORDER BY submitted_at DESC LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<JobView> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(view(row)));
                    return jobs;
                });
    }

    private static JobView view(Row row) {
        Short phase = row.getShort("phase");
        return new JobView(row.getString("job_id"), row.getString("dataset_name"), row.getString("model_type"),
                row.getString("priority"), row.getString("created_by"), row.getString("status"),
                phase == null ? null : phase.intValue(), row.getString("phase_name"), row.getLong("last_seq"),
                row.getString("message"), row.getJsonObject("metrics").getMap(), row.getString("mlflow_url"),
                row.getOffsetDateTime("submitted_at"), row.getOffsetDateTime("started_at"), row.getOffsetDateTime("finished_at"));
    }
}
