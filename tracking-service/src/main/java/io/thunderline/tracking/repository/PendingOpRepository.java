package io.thunderline.tracking.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.tracking.domain.OpKind;
import io.thunderline.tracking.domain.PendingOp;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/**
 * pending_mlflow_ops: every MLflow operation waits here until MLflow took it. A job's operations replay in seq order;
 * a job whose first operation is waiting for its retry time holds back the rest of that job only.
 */
@ApplicationScoped
public class PendingOpRepository {
    private final Pool pool;

    public PendingOpRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds an operation; one with the same job and key already waiting (or failed) makes this a no-op. */
    public Uni<Void> enqueue(SqlClient tx, String jobId, OpKind kind, String opKey, JsonObject payload) {
        return tx.preparedQuery("""
                        INSERT INTO pending_mlflow_ops (job_id, kind, op_key, payload) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (job_id, op_key) DO NOTHING""")
                .execute(Tuple.of(jobId, kind.name(), opKey, payload))
                .replaceWithVoid();
    }

    /** A job that turned out not to be tracked: its waiting operations go. */
    public Uni<Void> dropJob(SqlClient tx, String jobId) {
        return tx.preparedQuery("DELETE FROM pending_mlflow_ops WHERE job_id = $1").execute(Tuple.of(jobId)).replaceWithVoid();
    }

    /**
     * Streams whose first waiting operation is due, oldest first: tracked jobs, and UPM families (stream key
     * {@code upm:<family>}, always tracked).
     */
    public Uni<List<String>> dueJobs(int limit) {
        return pool.preparedQuery("""
                        SELECT h.job_id FROM (
                            SELECT DISTINCT ON (job_id) job_id, seq, kind, next_attempt_at FROM pending_mlflow_ops
                            WHERE failed_at IS NULL ORDER BY job_id, seq) h
                        WHERE h.next_attempt_at <= now()
                          AND (h.kind = 'UPM_SNAPSHOT'
                               OR EXISTS (SELECT 1 FROM runs r WHERE r.job_id = h.job_id AND r.track_mlflow))
                        ORDER BY h.seq LIMIT $1""")
                .execute(Tuple.of(limit))
                .map(rows -> rows.stream().map(r -> r.getString("job_id")).toList());
    }

    /** Takes the job's replay lock for the caller's transaction; false when another replayer holds it. */
    public Uni<Boolean> lockJob(SqlClient tx, String jobId) {
        return tx.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext('mlflow-ops:' || $1))")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The job's waiting operations in order, as long as they are due. */
    public Uni<List<PendingOp>> waiting(SqlClient tx, String jobId, int limit) {
        return tx.preparedQuery("""
                        SELECT seq, job_id, kind, payload, attempts, next_attempt_at <= now() AS due FROM pending_mlflow_ops
                        WHERE job_id = $1 AND failed_at IS NULL ORDER BY seq LIMIT $2""")
                .execute(Tuple.of(jobId, limit))
                .map(rows -> {
                    List<PendingOp> ops = new java.util.ArrayList<>();
                    for (Row r : rows) {
                        if (!r.getBoolean("due")) {
                            break;
                        }
                        ops.add(new PendingOp(r.getLong("seq"), r.getString("job_id"), OpKind.valueOf(r.getString("kind")),
                                r.getJsonObject("payload"), r.getInteger("attempts")));
                    }
                    return ops;
                });
    }

    public Uni<Void> done(SqlClient tx, long seq) {
        return tx.preparedQuery("DELETE FROM pending_mlflow_ops WHERE seq = $1").execute(Tuple.of(seq)).replaceWithVoid();
    }

    public Uni<Void> retryLater(SqlClient tx, long seq, String error, Duration delay) {
        return tx.preparedQuery("""
                        UPDATE pending_mlflow_ops SET attempts = attempts + 1, last_error = $2,
                            next_attempt_at = now() + make_interval(secs => $3)
                        WHERE seq = $1""")
                .execute(Tuple.of(seq, clip(error), delay.toMillis() / 1000.0))
                .replaceWithVoid();
    }

    public Uni<Void> failed(SqlClient tx, long seq, String error) {
        return tx.preparedQuery("""
                        UPDATE pending_mlflow_ops SET attempts = attempts + 1, last_error = $2, failed_at = now()
                        WHERE seq = $1""")
                .execute(Tuple.of(seq, clip(error)))
                .replaceWithVoid();
    }

    /** Counts for the health check and the status endpoint. */
    public record Backlog(long waiting, long failed, Double oldestWaitingSeconds) {
    }

    public Uni<Backlog> backlog() {
        return pool.preparedQuery("""
                        SELECT count(*) FILTER (WHERE failed_at IS NULL) AS waiting,
                               count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed,
                               extract(epoch FROM now() - min(created_at) FILTER (WHERE failed_at IS NULL))::float8 AS oldest
                        FROM pending_mlflow_ops""")
                .execute()
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Backlog(r.getLong("waiting"), r.getLong("failed"), r.getDouble("oldest"));
                });
    }

    public Uni<Long> waitingFor(String jobId) {
        return pool.preparedQuery("SELECT count(*) FROM pending_mlflow_ops WHERE job_id = $1 AND failed_at IS NULL")
                .execute(Tuple.of(jobId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static String clip(String error) {
        return error == null || error.length() <= 2000 ? error : error.substring(0, 2000);
    }
}
