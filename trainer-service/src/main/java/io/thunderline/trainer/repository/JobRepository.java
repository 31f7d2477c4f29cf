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
                                      AND NOT (SELECT paused FROM queue_control WHERE id = 1)
                                    ORDER BY priority DESC, created_at, id
                                    LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING *""")
                .execute(Tuple.of(workerId))
                .map(JobRepository::first);
    }

    public Uni<Optional<JobRow>> find(String id) {
        return pool.preparedQuery("SELECT * FROM jobs WHERE id = $1").execute(Tuple.of(id)).map(JobRepository::first);
    }

    public record Filter(String status, String modelType, String createdBy, java.time.OffsetDateTime from,
                         java.time.OffsetDateTime to) {
        Tuple tuple() {
            return Tuple.from(java.util.Arrays.asList(status, modelType, createdBy, from, to));
        }
    }

    private static final String WHERE = " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR model_type = $2) "
            + "AND ($3::text IS NULL OR created_by = $3) AND ($4::timestamptz IS NULL OR created_at >= $4) "
            + "AND ($5::timestamptz IS NULL OR created_at < $5)";

    public Uni<List<JobRow>> list(Filter filter, int limit, int offset) {
        Tuple args = filter.tuple().addInteger(limit).addInteger(offset);
        return pool.preparedQuery("SELECT * FROM jobs" + WHERE + " ORDER BY created_at DESC, id LIMIT $6 OFFSET $7")
                .execute(args).map(JobRepository::all);
    }

    public Uni<Long> count(Filter filter) {
        return pool.preparedQuery("SELECT count(*) FROM jobs" + WHERE).execute(filter.tuple())
                .map(rows -> rows.iterator().next().getLong(0));
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

    /** Proves a worker alive (idle or busy); returns the ids of its jobs someone asked to cancel. */
    public Uni<List<String>> heartbeat(String workerId, String instance, String runningJobId) {
        Uni<Void> worker = pool.preparedQuery("INSERT INTO workers (worker_id, instance, last_heartbeat, running_job_id) "
                        + "VALUES ($1, $2, now(), $3) ON CONFLICT (worker_id) DO UPDATE SET last_heartbeat = now(), running_job_id = $3")
                .execute(Tuple.of(workerId, instance, runningJobId)).replaceWithVoid();
        if (runningJobId == null) {
            return worker.replaceWith(List.of());
        }
        return worker.flatMap(v -> pool.preparedQuery("UPDATE jobs SET heartbeat_at = now() WHERE worker_id = $1 "
                        + "AND status = 'running' AND id = $2 RETURNING id, cancel_requested")
                .execute(Tuple.of(workerId, runningJobId))
                .map(rows -> {
                    List<String> cancelled = new ArrayList<>();
                    rows.forEach(r -> {
                        if (Boolean.TRUE.equals(r.getBoolean("cancel_requested"))) {
                            cancelled.add(r.getString("id"));
                        }
                    });
                    return cancelled;
                }));
    }

    public Uni<Void> setPaused(boolean paused) {
        return pool.preparedQuery("UPDATE queue_control SET paused = $1 WHERE id = 1").execute(Tuple.of(paused)).replaceWithVoid();
    }

    public Uni<Boolean> paused() {
        return pool.query("SELECT paused FROM queue_control WHERE id = 1").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<Void> removeWorkers(String instance) {
        return pool.preparedQuery("DELETE FROM workers WHERE instance = $1").execute(Tuple.of(instance)).replaceWithVoid();
    }

    /** Cancels a queued job at once; false if it was not queued. */
    public Uni<Boolean> cancelQueued(SqlClient tx, String jobId) {
        return tx.preparedQuery("UPDATE jobs SET status = 'cancelled', finished_at = now(), error = 'cancelled' "
                        + "WHERE id = $1 AND status = 'queued'")
                .execute(Tuple.of(jobId)).map(rows -> rows.rowCount() == 1);
    }

    /** Asks the worker of a running job to stop; false if it was not running. */
    public Uni<Boolean> requestCancel(String jobId, String by) {
        return pool.preparedQuery("UPDATE jobs SET cancel_requested = true, cancel_requested_by = $2 "
                        + "WHERE id = $1 AND status = 'running'")
                .execute(Tuple.of(jobId, by)).map(rows -> rows.rowCount() == 1);
    }

    /** Who asked to cancel the job while it ran (null when nobody did or the name is unknown). */
    public Uni<String> cancelRequestedBy(String jobId) {
        return pool.preparedQuery("SELECT cancel_requested_by FROM jobs WHERE id = $1").execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("cancel_requested_by") : null);
    }

    /** A failed or cancelled job gets a fresh set of attempts. */
    public Uni<Boolean> requeueForRetry(SqlClient tx, String jobId) {
        return tx.preparedQuery("UPDATE jobs SET status = 'queued', attempts = 0, error = NULL, cancel_requested = false, cancel_requested_by = NULL, "
                        + "finished_at = NULL, worker_id = NULL, scheduled_at = now() WHERE id = $1 AND status IN ('failed', 'cancelled')")
                .execute(Tuple.of(jobId)).map(rows -> rows.rowCount() == 1);
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

    /** Back to the queue, only if this worker still holds the job. */
    public Uni<Boolean> requeueOwned(SqlClient tx, String jobId, String workerId, Duration backoff, String reason) {
        return tx.preparedQuery("UPDATE jobs SET status = 'queued', worker_id = NULL, heartbeat_at = NULL, error = $3, "
                        + "scheduled_at = now() + make_interval(secs => $4) WHERE id = $1 AND worker_id = $2 AND status = 'running'")
                .execute(Tuple.of(jobId, workerId, reason, (double) backoff.toMillis() / 1000.0))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> failStale(SqlClient tx, String jobId, String reason) {
        return tx.preparedQuery("UPDATE jobs SET status = 'failed', worker_id = NULL, heartbeat_at = NULL, error = $2, "
                        + "finished_at = now() WHERE id = $1")
                .execute(Tuple.of(jobId, reason))
                .replaceWithVoid();
    }

    /** Where a job stands with the remote Cerebros service: its remote job id (if submitted) and events read so far. */
    public record RemoteState(String remoteJobId, long cursor, java.time.OffsetDateTime waitingSince) {
    }

    public Uni<RemoteState> remoteState(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT remote_job_id, remote_cursor, cerebros_waiting_since FROM jobs WHERE id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return new RemoteState(null, 0, null);
                    }
                    Row r = it.next();
                    return new RemoteState(r.getString("remote_job_id"), r.getLong("remote_cursor"),
                            r.getOffsetDateTime("cerebros_waiting_since"));
                });
    }

    /** Records the remote job and how far its events were read; Cerebros answered, so the job no longer waits for it. */
    public Uni<Void> setRemote(String jobId, String remoteJobId, long cursor) {
        return pool.preparedQuery("UPDATE jobs SET remote_job_id = $2, remote_cursor = $3, cerebros_waiting_since = NULL, "
                        + "cerebros_unavailable_count = 0 WHERE id = $1")
                .execute(Tuple.of(jobId, remoteJobId, cursor)).replaceWithVoid();
    }

    /**
     * Back to the queue because Cerebros cannot be reached, only if this worker still holds the job: the attempt is
     * given back (an outage is not the job's fault) and the wait doubles per consecutive outage up to a cap. Returns
     * the wait in seconds, or nothing if the job was taken away meanwhile.
     */
    public Uni<Optional<Double>> waitForCerebros(SqlClient tx, String jobId, String workerId, Duration first, Duration max,
                                                 String reason) {
        return tx.preparedQuery("""
                        UPDATE jobs SET status = 'queued', worker_id = NULL, heartbeat_at = NULL, error = $3,
                               attempts = GREATEST(attempts - 1, 0),
                               cerebros_waiting_since = COALESCE(cerebros_waiting_since, now()),
                               cerebros_unavailable_count = cerebros_unavailable_count + 1,
                               scheduled_at = now() + make_interval(secs => LEAST($5, $4 * power(2, LEAST(cerebros_unavailable_count, 20))))
                        WHERE id = $1 AND worker_id = $2 AND status = 'running'
                        RETURNING EXTRACT(EPOCH FROM scheduled_at - now()) AS wait""")
                .execute(Tuple.of(jobId, workerId, reason, first.toMillis() / 1000.0, max.toMillis() / 1000.0))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next().getNumeric("wait").doubleValue()) : Optional.empty();
                });
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
