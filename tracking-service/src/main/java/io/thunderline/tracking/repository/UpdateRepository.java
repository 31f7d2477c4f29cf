package io.thunderline.tracking.repository;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.tracking.domain.MetricPoint;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Job updates seen, and the metrics and params they carried, under their MLflow names. */
@ApplicationScoped
public class UpdateRepository {
    private final Pool pool;

    public UpdateRepository(Pool pool) {
        this.pool = pool;
    }

    /** What a param's new value means for MLflow. */
    public enum ParamChange {
        /** first value of the key: log it as a param */
        NEW,
        /** differs from the first value, which MLflow keeps for good: log it as a tag */
        CHANGED,
        /** nothing to send (same value, or an older update arriving late) */
        NONE
    }

    /** Records that the update was seen, once per (job, seq); false when it was seen before. */
    public Uni<Boolean> insert(SqlClient tx, JobUpdate u) {
        return tx.preparedQuery("INSERT INTO seen_job_updates (job_id, seq) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(u.jobId(), u.seq()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> insertMetrics(SqlClient tx, String jobId, long seq, List<MetricPoint> points) {
        if (points.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = new ArrayList<>(points.size());
        for (MetricPoint p : points) {
            batch.add(Tuple.of(jobId, seq, p.key(), p.step(), p.value(),
                    RunRepository.utc(Instant.ofEpochMilli(p.timestamp()))));
        }
        return tx.preparedQuery("""
                        INSERT INTO run_metrics (job_id, seq, key, step, value, at) VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (job_id, seq, key) DO NOTHING""")
                .executeBatch(batch)
                .replaceWithVoid();
    }

    /** Stores each param's latest value and says, per key, what MLflow should get. */
    public Uni<Map<String, ParamChange>> upsertParams(SqlClient tx, String jobId, long seq, Map<String, String> params) {
        if (params.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Multi.createFrom().iterable(params.entrySet())
                .onItem().transformToUniAndConcatenate(p -> tx.preparedQuery("""
                                INSERT INTO run_params AS p (job_id, key, value, first_value, seq) VALUES ($1, $2, $3, $3, $4)
                                ON CONFLICT (job_id, key) DO UPDATE SET value = EXCLUDED.value, seq = EXCLUDED.seq
                                WHERE p.seq < EXCLUDED.seq
                                RETURNING (xmax = 0) AS inserted, first_value""")
                        .execute(Tuple.of(jobId, p.getKey(), p.getValue(), seq))
                        .map(rows -> {
                            if (rows.rowCount() == 0) {
                                return Map.entry(p.getKey(), ParamChange.NONE);
                            }
                            Row r = rows.iterator().next();
                            ParamChange change = r.getBoolean("inserted") ? ParamChange.NEW
                                    : r.getString("first_value").equals(p.getValue()) ? ParamChange.NONE : ParamChange.CHANGED;
                            return Map.entry(p.getKey(), change);
                        }))
                .collect().asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** The latest value of a param of a job. */
    public Uni<java.util.Optional<String>> param(SqlClient client, String jobId, String key) {
        return client.preparedQuery("SELECT value FROM run_params WHERE job_id = $1 AND key = $2")
                .execute(Tuple.of(jobId, key))
                .map(rows -> rows.rowCount() == 0 ? java.util.Optional.empty()
                        : java.util.Optional.of(rows.iterator().next().getString("value")));
    }

    /** Stored metrics of jobs, ordered per job by name, step and arrival. */
    public Uni<List<StoredMetric>> metrics(List<String> jobIds) {
        return pool.preparedQuery("""
                        SELECT job_id, seq, key, step, value, at FROM run_metrics WHERE job_id = ANY($1)
                        ORDER BY job_id, key, step, seq""")
                .execute(Tuple.of(jobIds.toArray(String[]::new)))
                .map(rows -> rows.stream().map(r -> new StoredMetric(r.getString("job_id"), r.getLong("seq"),
                        r.getString("key"), r.getLong("step"), r.getDouble("value"),
                        r.getOffsetDateTime("at").toInstant())).toList());
    }

    /** Latest param values of jobs: job → (key → value), keys sorted. */
    public Uni<Map<String, Map<String, String>>> params(List<String> jobIds) {
        return pool.preparedQuery("SELECT job_id, key, value FROM run_params WHERE job_id = ANY($1) ORDER BY job_id, key")
                .execute(Tuple.of(jobIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Map<String, String>> byJob = new LinkedHashMap<>();
                    for (Row r : rows) {
                        byJob.computeIfAbsent(r.getString("job_id"), k -> new java.util.TreeMap<>())
                                .put(r.getString("key"), r.getString("value"));
                    }
                    return byJob;
                });
    }

    public record StoredMetric(String jobId, long seq, String key, long step, double value, Instant at) {
    }
}
