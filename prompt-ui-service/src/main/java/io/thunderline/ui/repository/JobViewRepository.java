package io.thunderline.ui.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobLog;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.TrackingRun;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.ui.security.Viewer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page's own copy of every job: kept from submissions and from training.job-updates, training.job-logs and
 * tracking.runs. Each effect answers the job's owner, so the live feed knows whom to tell.
 */
@ApplicationScoped
public class JobViewRepository {
    private final Pool pool;

    public JobViewRepository(Pool pool) {
        this.pool = pool;
    }

    public record Page(List<JobView> items, long total) {
    }

    public record UpdateRow(long seq, String status, Integer phase, Integer trial, Integer epoch,
                            Map<String, Object> metrics, Map<String, Object> params, String message, OffsetDateTime at) {
    }

    public record LogRow(long seq, String level, String line, OffsetDateTime at) {
    }

    public Uni<Void> recordSubmission(TrainingRequested r, String datasetName) {
        return pool.preparedQuery("""
                        INSERT INTO job_view (job_id, dataset_id, dataset_version, dataset_name, model_type, priority, created_by,
                                              use_upm, track_mlflow, prompt_preview, status, last_seq, submitted_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', -1, $11)
                        ON CONFLICT (job_id) DO UPDATE SET dataset_id = $2, dataset_version = $3, dataset_name = $4,
                            model_type = $5, priority = $6, created_by = $7, use_upm = $8, track_mlflow = $9,
                            prompt_preview = $10, submitted_at = $11""")
                .execute(Tuple.from(Arrays.asList(r.jobId(), r.datasetId(), r.datasetVersion(), datasetName,
                        r.modelType().wireName(), r.priority().wireName(), r.createdBy(), r.useUpm(), r.trackMlflow(),
                        r.promptPreview(), r.requestedAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** A job the trainer made for us (a clone or a retry under a new id) belongs to whoever asked for it. */
    public Uni<Void> recordDerived(String jobId, JobView from, String owner) {
        return pool.preparedQuery("""
                        INSERT INTO job_view (job_id, dataset_id, dataset_version, dataset_name, model_type, priority, created_by,
                                              use_upm, track_mlflow, prompt_preview, status, last_seq)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'queued', -1)
                        ON CONFLICT (job_id) DO UPDATE SET created_by = $7""")
                .execute(Tuple.from(Arrays.asList(jobId, from.datasetId(), from.datasetVersion(), from.datasetName(),
                        from.modelType(), from.priority(), owner, from.useUpm(), from.trackMlflow(), from.promptPreview())))
                .replaceWithVoid();
    }

    /**
     * Keeps the update (the charts' points) and moves the job forward unless a newer update is already there.
     * Answers the job's owner (null when the job was not submitted through a page).
     */
    public Uni<String> apply(SqlClient tx, JobUpdate u) {
        OffsetDateTime at = u.at().atOffset(ZoneOffset.UTC);
        Short phase = u.phase() == null ? null : u.phase().shortValue();
        return tx.preparedQuery("""
                        WITH kept AS (
                            INSERT INTO job_update (job_id, seq, status, phase, trial, epoch, metrics, params, message, at)
                            VALUES ($1, $5, $2, $3, $9, $10, $7, $11, $6, $8)
                            ON CONFLICT DO NOTHING),
                        moved AS (
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
                                started_at = CASE WHEN EXCLUDED.status = 'queued' THEN NULL
                                                  ELSE COALESCE(job_view.started_at, EXCLUDED.started_at) END,
                                finished_at = CASE WHEN EXCLUDED.status IN ('queued', 'running') THEN NULL
                                                   ELSE COALESCE(EXCLUDED.finished_at, job_view.finished_at) END,
                                updated_at = EXCLUDED.updated_at
                            WHERE job_view.last_seq < EXCLUDED.last_seq
                            RETURNING created_by)
                        SELECT COALESCE((SELECT created_by FROM moved), (SELECT created_by FROM job_view WHERE job_id = $1))""")
                .execute(Tuple.from(Arrays.asList(u.jobId(), u.status().wireName(), phase, u.phaseName(), u.seq(),
                        u.message(), finite(u.metrics()), at, u.trial(), u.epoch(),
                        new JsonObject(new HashMap<String, Object>(u.params())))))
                .map(JobViewRepository::firstString);
    }

    public Uni<String> appendLog(SqlClient tx, JobLog log) {
        return tx.preparedQuery("""
                        WITH kept AS (
                            INSERT INTO job_log (job_id, seq, level, line, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING)
                        SELECT created_by FROM job_view WHERE job_id = $1""")
                .execute(Tuple.of(log.jobId(), log.seq(), log.level(), log.line(), log.at().atOffset(ZoneOffset.UTC)))
                .map(JobViewRepository::firstString);
    }

    /** The MLflow run of a job: the page links to it. */
    public Uni<String> applyRun(SqlClient tx, TrackingRun run) {
        return tx.preparedQuery("""
                        INSERT INTO job_view (job_id, status, last_seq, mlflow_url, mlflow_run_id, mlflow_state)
                        VALUES ($1, 'queued', -1, $2, $3, $4)
                        ON CONFLICT (job_id) DO UPDATE SET mlflow_url = $2, mlflow_run_id = $3, mlflow_state = $4
                        RETURNING created_by""")
                .execute(Tuple.of(run.jobId(), run.runUrl(), run.runId(), run.state()))
                .map(JobViewRepository::firstString);
    }

    /** What the list is narrowed to: a status, a model type, a piece of the dataset name or job id (each optional). */
    public record Search(String status, String modelType, String text) {
    }

    public Uni<Page> list(Viewer viewer, Search search, int limit, int offset) {
        String where = "WHERE ($1::text IS NULL OR created_by = $1) AND ($2::text IS NULL OR status = $2)"
                + " AND ($3::text IS NULL OR model_type = $3)"
                + " AND ($4::text IS NULL OR strpos(lower(coalesce(dataset_name, '')), lower($4)) > 0"
                + " OR strpos(job_id, lower($4)) = 1)";
        Tuple args = Tuple.of(viewer.admin() ? null : viewer.name(), search.status(), search.modelType(), search.text());
        Uni<List<JobView>> items = pool.preparedQuery("SELECT * FROM job_view " + where
                        + " ORDER BY submitted_at DESC, job_id LIMIT " + limit + " OFFSET " + offset)
                .execute(args).map(JobViewRepository::views);
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM job_view " + where).execute(args)
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(items, total).asTuple().map(t -> new Page(t.getItem1(), t.getItem2()));
    }

    public Uni<Optional<JobView>> find(String jobId) {
        return pool.preparedQuery("SELECT * FROM job_view WHERE job_id = $1").execute(Tuple.of(jobId))
                .map(rows -> views(rows).stream().findFirst());
    }

    public Uni<List<JobView>> findAll(List<String> jobIds) {
        return pool.preparedQuery("SELECT * FROM job_view WHERE job_id = ANY($1)")
                .execute(Tuple.of(jobIds.toArray(String[]::new))).map(JobViewRepository::views);
    }

    public Uni<List<UpdateRow>> history(String jobId) {
        return pool.preparedQuery("SELECT * FROM job_update WHERE job_id = $1 ORDER BY seq").execute(Tuple.of(jobId))
                .map(rows -> {
                    List<UpdateRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        Short phase = r.getShort("phase");
                        out.add(new UpdateRow(r.getLong("seq"), r.getString("status"), phase == null ? null : phase.intValue(),
                                r.getInteger("trial"), r.getInteger("epoch"), r.getJsonObject("metrics").getMap(),
                                r.getJsonObject("params").getMap(), r.getString("message"), r.getOffsetDateTime("at")));
                    }
                    return out;
                });
    }

    /** The last {@code limit} log lines, oldest first. */
    public Uni<List<LogRow>> logs(String jobId, int limit) {
        return pool.preparedQuery("SELECT * FROM (SELECT * FROM job_log WHERE job_id = $1 ORDER BY seq DESC LIMIT $2) l ORDER BY seq")
                .execute(Tuple.of(jobId, limit))
                .map(rows -> {
                    List<LogRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new LogRow(r.getLong("seq"), r.getString("level"), r.getString("line"),
                            r.getOffsetDateTime("at"))));
                    return out;
                });
    }

    /** Jobs still queued after {@code age}: the first sign that no trainer is running. */
    public Uni<Long> queuedLongerThan(Duration age) {
        return pool.preparedQuery("SELECT count(*) FROM job_view WHERE status = 'queued' AND submitted_at < now() - $1 * interval '1 millisecond'")
                .execute(Tuple.of(age.toMillis()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Integer> forgetProcessedMessages(Duration olderThan) {
        return pool.preparedQuery("DELETE FROM processed_messages WHERE processed_at < now() - $1 * interval '1 millisecond'")
                .execute(Tuple.of(olderThan.toMillis())).map(RowSet::rowCount);
    }

    /** JSON has no NaN or infinity: such a metric value is left out rather than failing the whole update. */
    static JsonObject finite(Map<String, Double> metrics) {
        JsonObject json = new JsonObject();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                json.put(k, v);
            }
        });
        return json;
    }

    private static List<JobView> views(RowSet<Row> rows) {
        List<JobView> out = new ArrayList<>();
        rows.forEach(r -> out.add(JobView.from(r)));
        return out;
    }

    private static String firstString(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? it.next().getString(0) : null;
    }
}
