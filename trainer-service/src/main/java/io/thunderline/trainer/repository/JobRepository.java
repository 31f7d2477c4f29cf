package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.Outbox;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SQL of a job's row through its life: queued, claimed, finished, requeued, cancelled, rescued. Claims use FOR UPDATE
 * SKIP LOCKED so any number of workers and instances share the queue. Every method runs in the caller's transaction.
 */
@ApplicationScoped
public class JobRepository {
    /** Advisory-lock class of a job's request and of a cancel that may come before it (see {@link #lock}). */
    private static final int JOB_ARRIVAL_LOCK = 7401;

    /**
     * Takes the job's transaction-scoped lock: a request being stored and a cancel of the same job id wait for each
     * other, so a cancel that comes first is always seen by the request (and the other way round).
     */
    public Uni<Void> lock(SqlClient tx, String jobId) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1, hashtext($2))").execute(Tuple.of(JOB_ARRIVAL_LOCK, jobId))
                .replaceWithVoid();
    }

    /**
     * Remembers a cancel of a job whose request has not arrived yet; {@link #enqueue} applies it when it does, if
     * {@code by} owns the job or {@code byAdmin}.
     */
    public Uni<Void> cancelBeforeArrival(SqlClient tx, String jobId, String by, boolean byAdmin) {
        return tx.preparedQuery("INSERT INTO cancels_before_arrival (job_id, requested_by, by_admin) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (job_id) DO UPDATE SET requested_by = EXCLUDED.requested_by, "
                        + "by_admin = EXCLUDED.by_admin, requested_at = now()")
                .execute(Tuple.of(jobId, by, byAdmin)).replaceWithVoid();
    }

    /**
     * What storing a request did: {@code inserted} false for a redelivered request (nothing written);
     * {@code cancelledBy} names who cancelled the job before it arrived (its owner or an admin), or is null.
     */
    public record Enqueued(boolean inserted, String cancelledBy) {
    }

    /**
     * Stores a requested job as queued with its first update (number 0, {@code queued}, already encoded) in the outbox,
     * in one statement, and takes a cancel that came before it; nothing is written for a redelivered request. Run it
     * under {@link #lock}.
     */
    public Uni<Enqueued> enqueue(SqlClient tx, TrainingRequested r, int maxAttempts, Outbox.Insert queued) {
        return tx.preparedQuery("""
                        WITH job AS (
                            INSERT INTO jobs (id, dataset_id, dataset_version, model_type, priority, status, use_upm, track_mlflow,
                                              prompt_preview, created_by, created_at, max_attempts, last_seq)
                            VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9, $10, $11, 0)
                            ON CONFLICT (id) DO NOTHING
                            RETURNING id),
                        announced AS (
                            INSERT INTO outbox (event_id, topic, event_key, ce_type, payload, traceparent)
                            SELECT gen_random_uuid(), $12, id, $13, $14, $15 FROM job),
                        early AS (
                            DELETE FROM cancels_before_arrival WHERE job_id = $1 AND EXISTS (SELECT 1 FROM job)
                            RETURNING requested_by, by_admin OR requested_by = $9 AS allowed)
                        SELECT id, (SELECT requested_by FROM early WHERE allowed) AS cancelled_by FROM job""")
                .execute(Tuple.from(Arrays.asList(r.jobId(), r.datasetId(), r.datasetVersion(), r.modelType().wireName(),
                        PriorityCodes.code(r.priority()), r.useUpm(), r.trackMlflow(), r.promptPreview(), r.createdBy(),
                        r.requestedAt().atOffset(ZoneOffset.UTC), maxAttempts, queued.topic(), queued.ceType(),
                        queued.payload(), queued.traceparent())))
                .map(rows -> rows.rowCount() == 1 ? new Enqueued(true, rows.iterator().next().getString("cancelled_by"))
                        : new Enqueued(false, null));
    }

    /**
     * Takes up to {@code max} claimable jobs for this worker, highest priority and oldest first, and announces each as
     * running (its next update number, in the outbox) in the same statement: one round trip for the whole batch.
     * {@code running} is the encoded update; its jobId, seq and message are filled in per job.
     */
    public Uni<List<JobRow>> claim(SqlClient client, String workerId, int max, Outbox.Insert running) {
        return client.preparedQuery("""
                        WITH picked AS (
                            SELECT id FROM jobs
                            WHERE status = 'queued' AND scheduled_at <= now()
                              AND NOT (SELECT paused FROM queue_control WHERE id = 1)
                            ORDER BY priority DESC, created_at, id
                            LIMIT $2 FOR UPDATE SKIP LOCKED),
                        claimed AS (
                            UPDATE jobs j SET status = 'running', worker_id = $1, heartbeat_at = now(), attempts = j.attempts + 1,
                                              started_at = COALESCE(j.started_at, now()), error = NULL, last_seq = j.last_seq + 1
                            FROM picked WHERE j.id = picked.id
                            RETURNING j.*),
                        announced AS (
                            INSERT INTO outbox (event_id, topic, event_key, ce_type, payload, traceparent)
                            SELECT gen_random_uuid(), $3, c.id, $4,
                                   jsonb_set(jsonb_set(jsonb_set($5::text::jsonb, '{jobId}', to_jsonb(c.id)),
                                                       '{seq}', to_jsonb(c.last_seq)),
                                             '{message}', to_jsonb('Picked up by ' || $1 || ' (attempt ' || c.attempts
                                                                   || ' of ' || c.max_attempts || ')'))::text,
                                   $6
                            FROM claimed c ORDER BY c.priority DESC, c.created_at, c.id)
                        SELECT * FROM claimed ORDER BY priority DESC, created_at, id""")
                .execute(Tuple.from(Arrays.asList(workerId, max, running.topic(), running.ceType(), running.payload(),
                        running.traceparent())))
                .map(JobRepository::all);
    }

    public Uni<Optional<JobRow>> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT * FROM jobs WHERE id = $1").execute(Tuple.of(id)).map(JobRepository::first);
    }

    public record Filter(String status, String modelType, String createdBy, OffsetDateTime from, OffsetDateTime to) {
        Tuple tuple() {
            return Tuple.from(Arrays.asList(status, modelType, createdBy, from, to));
        }
    }

    private static final String WHERE = " WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR model_type = $2) "
            + "AND ($3::text IS NULL OR created_by = $3) AND ($4::timestamptz IS NULL OR created_at >= $4) "
            + "AND ($5::timestamptz IS NULL OR created_at < $5)";

    public Uni<List<JobRow>> list(SqlClient client, Filter filter, int limit, int offset) {
        Tuple args = filter.tuple().addInteger(limit).addInteger(offset);
        return client.preparedQuery("SELECT * FROM jobs" + WHERE + " ORDER BY created_at DESC, id LIMIT $6 OFFSET $7")
                .execute(args).map(JobRepository::all);
    }

    public Uni<Long> count(SqlClient client, Filter filter) {
        return client.preparedQuery("SELECT count(*) FROM jobs" + WHERE).execute(filter.tuple())
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Ends the jobs of {@code jobIds} this worker still holds (running, its worker id) and announces each (its next
     * update number, in the outbox) in the same statement; returns the ids that were ended, with the number of their update. A job taken away meanwhile
     * (rescued, cancelled, finished) is left alone and gets no update, so a job is finished once.
     * {@code update} is the encoded update; its jobId and seq are filled in per job.
     */
    public Uni<Map<String, Long>> finish(SqlClient client, List<String> jobIds, String workerId, JobStatus status, String error,
                                    Map<String, Double> finalMetrics, Integer phase, Outbox.Insert update) {
        return client.preparedQuery("""
                        WITH finished AS (
                            UPDATE jobs SET status = $3, finished_at = now(), error = $4, final_metrics = $5, heartbeat_at = NULL,
                                            last_seq = last_seq + 1, phase = COALESCE($10, phase)
                            WHERE id = ANY($1) AND worker_id = $2 AND status = 'running'
                            RETURNING id, last_seq),
                        announced AS (
                            INSERT INTO outbox (event_id, topic, event_key, ce_type, payload, traceparent)
                            SELECT gen_random_uuid(), $6, f.id, $7,
                                   jsonb_set(jsonb_set($8::text::jsonb, '{jobId}', to_jsonb(f.id)), '{seq}', to_jsonb(f.last_seq))::text,
                                   $9
                            FROM finished f ORDER BY f.id)
                        SELECT id, last_seq FROM finished""")
                .execute(Tuple.from(Arrays.asList(jobIds.toArray(String[]::new), workerId, status.wireName(), error,
                        finalMetrics == null ? null : new JsonObject(Map.copyOf(finalMetrics)), update.topic(),
                        update.ceType(), update.payload(), update.traceparent(), phase == null ? null : phase.shortValue())))
                .map(rows -> {
                    Map<String, Long> seqs = new LinkedHashMap<>();
                    rows.forEach(row -> seqs.put(row.getString("id"), row.getLong("last_seq")));
                    return seqs;
                });
    }

    /**
     * True while attempt {@code attempt} of this worker still holds the running job. Locks the row until the caller's
     * transaction ends, so a rescue (which skips locked rows) cannot requeue the job between this check and the
     * update the caller writes next.
     */
    public Uni<Boolean> holds(SqlClient tx, String jobId, String workerId, int attempt) {
        return tx.preparedQuery("SELECT 1 FROM jobs WHERE id = $1 AND worker_id = $2 AND attempts = $3 AND status = 'running' "
                        + "FOR NO KEY UPDATE")
                .execute(Tuple.of(jobId, workerId, attempt)).map(rows -> rows.rowCount() == 1);
    }

    /** Cancels a queued job at once; false if it was not queued. */
    public Uni<Boolean> cancelQueued(SqlClient tx, String jobId) {
        return tx.preparedQuery("UPDATE jobs SET status = 'cancelled', finished_at = now(), error = 'cancelled' "
                        + "WHERE id = $1 AND status = 'queued'")
                .execute(Tuple.of(jobId)).map(rows -> rows.rowCount() == 1);
    }

    /** Asks the worker of a running job to stop; false if it was not running. */
    public Uni<Boolean> requestCancel(SqlClient tx, String jobId, String by) {
        return tx.preparedQuery("UPDATE jobs SET cancel_requested = true, cancel_requested_by = $2 "
                        + "WHERE id = $1 AND status = 'running'")
                .execute(Tuple.of(jobId, by)).map(rows -> rows.rowCount() == 1);
    }

    /** Who asked to cancel the job while it ran (null when nobody did or the name is unknown). */
    public Uni<String> cancelRequestedBy(SqlClient tx, String jobId) {
        return tx.preparedQuery("SELECT cancel_requested_by FROM jobs WHERE id = $1").execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString("cancel_requested_by") : null);
    }

    /** Running jobs whose worker stopped heart-beating; locked so only one instance rescues each. */
    public Uni<List<JobRow>> lockStale(SqlClient tx, Duration timeout) {
        return tx.preparedQuery("SELECT * FROM jobs WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) "
                        + "FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(seconds(timeout)))
                .map(JobRepository::all);
    }

    public Uni<Void> requeue(SqlClient tx, String jobId, Duration backoff, String reason) {
        return tx.preparedQuery("UPDATE jobs SET status = 'queued', worker_id = NULL, heartbeat_at = NULL, error = $2, "
                        + "scheduled_at = now() + make_interval(secs => $3) WHERE id = $1")
                .execute(Tuple.of(jobId, reason, seconds(backoff)))
                .replaceWithVoid();
    }

    /**
     * Back to the queue, only if this worker still holds the job; {@code giveAttemptBack}: the attempt does not count
     * (what stopped it was not the job's fault).
     */
    public Uni<Boolean> requeueOwned(SqlClient tx, String jobId, String workerId, Duration backoff, String reason,
                                     boolean giveAttemptBack) {
        return tx.preparedQuery("UPDATE jobs SET status = 'queued', worker_id = NULL, heartbeat_at = NULL, error = $3, "
                        + "attempts = CASE WHEN $5 THEN GREATEST(attempts - 1, 0) ELSE attempts END, "
                        + "scheduled_at = now() + make_interval(secs => $4) WHERE id = $1 AND worker_id = $2 AND status = 'running'")
                .execute(Tuple.of(jobId, workerId, reason, seconds(backoff), giveAttemptBack))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> failStale(SqlClient tx, String jobId, String reason) {
        return tx.preparedQuery("UPDATE jobs SET status = 'failed', worker_id = NULL, heartbeat_at = NULL, error = $2, "
                        + "finished_at = now() WHERE id = $1")
                .execute(Tuple.of(jobId, reason))
                .replaceWithVoid();
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
                .execute(Tuple.of(jobId, workerId, reason, seconds(first), seconds(max)))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next().getNumeric("wait").doubleValue()) : Optional.empty();
                });
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
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
