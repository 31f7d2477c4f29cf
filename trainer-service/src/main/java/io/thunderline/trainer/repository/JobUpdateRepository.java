package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.Map;

/** SQL of what a job reports: its numbered updates (phase, metrics) and its numbered log lines. In the caller's transaction. */
@ApplicationScoped
public class JobUpdateRepository {

    /** Next update number of a job; updates of one job are numbered 0, 1, 2, ... */
    public Uni<Long> nextSeq(SqlClient tx, String jobId) {
        return next(tx, "UPDATE jobs SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq", jobId);
    }

    public Uni<Void> setPhase(SqlClient tx, String jobId, int phase) {
        return tx.preparedQuery("UPDATE jobs SET phase = $2 WHERE id = $1").execute(Tuple.of(jobId, (short) phase))
                .replaceWithVoid();
    }

    public Uni<Void> addMetrics(SqlClient tx, String jobId, long seq, Integer phase, Integer trial, Integer epoch,
                                Map<String, Double> metrics) {
        return tx.preparedQuery("INSERT INTO job_metrics (job_id, seq, phase, trial, epoch, metrics) VALUES ($1,$2,$3,$4,$5,$6)")
                .execute(Tuple.from(Arrays.asList(jobId, seq, phase == null ? null : phase.shortValue(), trial, epoch,
                        new JsonObject(Map.copyOf(metrics)))))
                .replaceWithVoid();
    }

    /** Next log line number of a job, counted apart from its updates. */
    public Uni<Long> nextLogSeq(SqlClient tx, String jobId) {
        return next(tx, "UPDATE jobs SET last_log_seq = last_log_seq + 1 WHERE id = $1 RETURNING last_log_seq", jobId);
    }

    public Uni<Void> addLog(SqlClient tx, String jobId, long seq, String level, String line) {
        return tx.preparedQuery("INSERT INTO job_logs (job_id, seq, level, line) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(jobId, seq, level, line)).replaceWithVoid();
    }

    private static Uni<Long> next(SqlClient tx, String sql, String jobId) {
        return tx.preparedQuery(sql).execute(Tuple.of(jobId)).map(rows -> rows.iterator().next().getLong(0));
    }
}
