package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.TrainingRequested;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL of the job queue. Claims use FOR UPDATE SKIP LOCKED so any number of workers and instances share it. */
@ApplicationScoped
public class JobRepository {
    private final Pool pool;

    public JobRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /** Stores a requested job as queued; false when the job id is already known (a redelivered request). */
    public Uni<Boolean> enqueue(SqlClient tx, TrainingRequested r, int maxAttempts) {
        return tx.preparedQuery("""
                        INSERT INTO jobs (id, dataset_id, dataset_version, model_type, priority, status, use_upm, track_mlflow,
                                          prompt_preview, created_by, created_at, max_attempts)
                        VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9, $10, $11)
                        ON CONFLICT (id) DO NOTHING""")
                .execute(Tuple.from(List.of(r.jobId(), r.datasetId(), r.datasetVersion(), r.modelType().wireName(),
                        PriorityCodes.code(r.priority()), r.useUpm(), r.trackMlflow(), r.promptPreview(), r.createdBy(),
                        r.requestedAt().atOffset(ZoneOffset.UTC), maxAttempts)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Takes the highest-priority, oldest claimable job for this worker, or nothing. */
    public Uni<Optional<JobRow>> claim(SqlClient tx, String workerId) {
        return tx.preparedQuery("""
                        UPDATE jobs SET status = 'running', worker_id = $1, heartbeat_at = now(), attempts = attempts + 1,
                                        started_at = COALESCE(started_at, now()), error = NULL
                        WHERE id = (SELECT id FROM jobs
                                    WHERE status = 'queued' AND scheduled_at <= now()
                                    ORDER BY priority DESC, created_at, id
                                    LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .execute(Tuple.of(workerId))
                .map(JobRepository::first);
    }

    public Uni<Optional<JobRow>> find(String id) {
        return pool.preparedQuery("SELECT * FROM jobs WHERE id = $1").execute(Tuple.of(id)).map(JobRepository::first);
    }

    public Uni<List<JobRow>> list(Optional<JobStatus> status, int limit, int offset) {
        return pool.preparedQuery("SELECT * FROM jobs WHERE ($1::text IS NULL OR status = $1) "
                        + "ORDER BY created_at DESC, id LIMIT $2 OFFSET $3")
                .execute(Tuple.of(status.map(JobStatus::wireName).orElse(null), limit, offset))
                .map(JobRepository::all);
    }

    /** Next update number of a job; updates of one job are numbered 0, 1, 2, ... */
    public Uni<Long> nextSeq(SqlClient tx, String jobId) {
        return tx.preparedQuery("UPDATE jobs SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> setPhase(SqlClient tx, String jobId, int phase) {
        return tx.preparedQuery("UPDATE jobs SET phase = $2 WHERE id = $1").execute(Tuple.of(jobId, (short) phase))
                .replaceWithVoid();
    }

    public Uni<Boolean> finish(SqlClient tx, String jobId, String workerId, JobStatus status, String error,
                               Map<String, Double> finalMetrics) {
        return tx.preparedQuery("""
                        UPDATE jobs SET status = $3, finished_at = now(), error = $4, final_metrics = $5, heartbeat_at = NULL
                        WHERE id = $1 AND worker_id = $2 AND status = 'running'""")
                .execute(Tuple.of(jobId, workerId, status.wireName(), error,
                        finalMetrics == null ? null : new JsonObject(Map.copyOf(finalMetrics))))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Integer> heartbeat(String workerId, List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.preparedQuery("UPDATE jobs SET heartbeat_at = now() WHERE worker_id = $1 AND status = 'running' "
                        + "AND id = ANY($2)")
                .execute(Tuple.of(workerId, jobIds.toArray(String[]::new)))
                .map(RowSet::rowCount);
    }

    /** Running jobs whose worker stopped heart-beating; locked so only one instance rescues each. */
    public Uni<List<JobRow>> lockStale(SqlClient tx, Duration timeout) {
        return tx.preparedQuery("SELECT * FROM jobs WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) "
                        + "FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of((double) timeout.toMillis() / 1000.0))
                .map(JobRepository::all);
    }

    public Uni<Void> requeue(SqlClient tx, String jobId, Duration backoff, String reason) {
        return tx.preparedQuery("UPDATE jobs SET status = 'queued', worker_id = NULL, heartbeat_at = NULL, error = $2, "
                        + "scheduled_at = now() + make_interval(secs => $3) WHERE id = $1")
                .execute(Tuple.of(jobId, reason, (double) backoff.toMillis() / 1000.0))
                .replaceWithVoid();
    }

    public Uni<Void> failStale(SqlClient tx, String jobId, String reason) {
        return tx.preparedQuery("UPDATE jobs SET status = 'failed', worker_id = NULL, heartbeat_at = NULL, error = $2, "
                        + "finished_at = now() WHERE id = $1")
                .execute(Tuple.of(jobId, reason))
                .replaceWithVoid();
    }

    private static Optional<JobRow> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(JobRow.from(it.next())) : Optional.empty();
    }

    private static List<JobRow> all(RowSet<Row> rows) {
        List<JobRow> jobs = new ArrayList<>();
        rows.forEach(row -> jobs.add(JobRow.from(row)));
        return jobs;
    }
}
