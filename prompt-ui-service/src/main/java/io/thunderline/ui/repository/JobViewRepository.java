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
import java.util.Collection;
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

    /** Lists a submitted job as queued, in the caller's transaction (the same one that puts its request in the outbox). */
    public Uni<Void> recordSubmission(SqlClient tx, TrainingRequested r, String datasetName) {
        return tx.preparedQuery("""
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
     * Stores a batch of updates in ONE statement (one round trip, whatever the batch's size): each update becomes a
     * chart point (job_update; a (job, seq) already there is left alone, which makes a redelivered update harmless), and
     * each job's row in the list moves to its newest update in the batch unless a newer one is already there — with the
     * batch's updates folded as if applied one after another (metrics merged in seq order, the latest phase, message
     * and status, started when it first ran since it was last queued). A queued update's request fills what the row
     * lacks (owner, dataset, options): a job the trainer made is listed with its owner too. Rows are locked in job
     * order, so two instances writing the same jobs do not deadlock.
     */
    public Uni<Void> storeUpdates(List<JobUpdate> updates) {
        int n = updates.size();
        String[] jobIds = new String[n];
        Long[] seqs = new Long[n];
        String[] statuses = new String[n];
        Short[] phases = new Short[n];
        String[] phaseNames = new String[n];
        Integer[] trials = new Integer[n];
        Integer[] epochs = new Integer[n];
        String[] metrics = new String[n];
        String[] params = new String[n];
        String[] messages = new String[n];
        OffsetDateTime[] ats = new OffsetDateTime[n];
        String[] owners = new String[n];
        String[] datasetIds = new String[n];
        Integer[] datasetVersions = new Integer[n];
        String[] modelTypes = new String[n];
        String[] priorities = new String[n];
        Boolean[] useUpm = new Boolean[n];
        Boolean[] trackMlflow = new Boolean[n];
        String[] previews = new String[n];
        OffsetDateTime[] requestedAt = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            JobUpdate u = updates.get(i);
            jobIds[i] = u.jobId();
            seqs[i] = u.seq();
            statuses[i] = u.status().wireName();
            phases[i] = u.phase() == null ? null : u.phase().shortValue();
            phaseNames[i] = u.phaseName();
            trials[i] = u.trial();
            epochs[i] = u.epoch();
            metrics[i] = finite(u.metrics()).encode();
            params[i] = new JsonObject(new HashMap<String, Object>(u.params())).encode();
            messages[i] = u.message();
            ats[i] = u.at().atOffset(ZoneOffset.UTC);
            TrainingRequested r = u.request();
            if (r != null) {
                owners[i] = r.createdBy();
                datasetIds[i] = r.datasetId();
                datasetVersions[i] = r.datasetVersion();
                modelTypes[i] = r.modelType().wireName();
                priorities[i] = r.priority().wireName();
                useUpm[i] = r.useUpm();
                trackMlflow[i] = r.trackMlflow();
                previews[i] = r.promptPreview();
                requestedAt[i] = r.requestedAt().atOffset(ZoneOffset.UTC);
            }
        }
        return pool.preparedQuery(STORE_UPDATES)
                .execute(Tuple.from(new Object[]{jobIds, seqs, statuses, phases, phaseNames, trials, epochs, metrics,
                        params, messages, ats, owners, datasetIds, datasetVersions, modelTypes, priorities, useUpm,
                        trackMlflow, previews, requestedAt}))
                .replaceWithVoid();
    }

    private static final String STORE_UPDATES = """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::smallint[], $5::text[], $6::int[],
                                     $7::int[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::text[],
                                     $13::text[], $14::int[], $15::text[], $16::text[], $17::boolean[], $18::boolean[],
                                     $19::text[], $20::timestamptz[])
                    AS u(job_id, seq, status, phase, phase_name, trial, epoch, metrics, params, message, at, created_by,
                         dataset_id, dataset_version, model_type, priority, use_upm, track_mlflow, prompt_preview,
                         requested_at)),
            kept AS (
                INSERT INTO job_update (job_id, seq, status, phase, trial, epoch, metrics, params, message, at)
                SELECT job_id, seq, status, phase, trial, epoch, metrics::jsonb, params::jsonb, message, at FROM input
                ON CONFLICT (job_id, seq) DO NOTHING),
            fresh AS (
                SELECT i.*, v.started_at AS was_started,
                       max(i.seq) FILTER (WHERE i.status = 'queued') OVER (PARTITION BY i.job_id) AS queued_seq
                FROM input i LEFT JOIN job_view v ON v.job_id = i.job_id
                WHERE i.seq > coalesce(v.last_seq, -1)),
            merged AS (
                SELECT f.job_id, jsonb_object_agg(m.key, m.value ORDER BY f.seq) AS metrics
                FROM fresh f CROSS JOIN LATERAL jsonb_each(f.metrics::jsonb) m GROUP BY f.job_id),
            latest AS (
                SELECT job_id, max(seq) AS last_seq,
                       (array_agg(status ORDER BY seq DESC))[1] AS status,
                       (array_agg(at ORDER BY seq DESC))[1] AS at,
                       (array_agg(phase ORDER BY seq DESC) FILTER (WHERE phase IS NOT NULL))[1] AS phase,
                       (array_agg(phase_name ORDER BY seq DESC) FILTER (WHERE phase_name IS NOT NULL))[1] AS phase_name,
                       (array_agg(message ORDER BY seq DESC) FILTER (WHERE message IS NOT NULL))[1] AS message,
                       CASE WHEN max(queued_seq) IS NULL
                            THEN coalesce(max(was_started), min(at) FILTER (WHERE status = 'running'))
                            ELSE min(at) FILTER (WHERE status = 'running' AND seq > queued_seq) END AS started_at,
                       (array_agg(created_by ORDER BY seq DESC) FILTER (WHERE created_by IS NOT NULL))[1] AS created_by,
                       (array_agg(dataset_id ORDER BY seq DESC) FILTER (WHERE dataset_id IS NOT NULL))[1] AS dataset_id,
                       (array_agg(dataset_version ORDER BY seq DESC) FILTER (WHERE dataset_version IS NOT NULL))[1] AS dataset_version,
                       (array_agg(model_type ORDER BY seq DESC) FILTER (WHERE model_type IS NOT NULL))[1] AS model_type,
                       (array_agg(priority ORDER BY seq DESC) FILTER (WHERE priority IS NOT NULL))[1] AS priority,
                       (array_agg(use_upm ORDER BY seq DESC) FILTER (WHERE use_upm IS NOT NULL))[1] AS use_upm,
                       (array_agg(track_mlflow ORDER BY seq DESC) FILTER (WHERE track_mlflow IS NOT NULL))[1] AS track_mlflow,
                       (array_agg(prompt_preview ORDER BY seq DESC) FILTER (WHERE prompt_preview IS NOT NULL))[1] AS prompt_preview,
                       min(requested_at) AS requested_at
                FROM fresh GROUP BY job_id)
            INSERT INTO job_view (job_id, status, phase, phase_name, last_seq, message, metrics, started_at, finished_at,
                                  updated_at, created_by, dataset_id, dataset_version, model_type, priority, use_upm,
                                  track_mlflow, prompt_preview, submitted_at)
            SELECT l.job_id, l.status, l.phase, l.phase_name, l.last_seq, l.message, coalesce(m.metrics, '{}'),
                   CASE WHEN l.status <> 'queued' THEN l.started_at END,
                   CASE WHEN l.status IN ('completed', 'failed', 'cancelled') THEN l.at END, l.at, l.created_by,
                   l.dataset_id, l.dataset_version, l.model_type, l.priority, l.use_upm, l.track_mlflow,
                   l.prompt_preview, coalesce(l.requested_at, now())
            FROM latest l LEFT JOIN merged m ON m.job_id = l.job_id
            ORDER BY l.job_id
            ON CONFLICT (job_id) DO UPDATE SET
                status = EXCLUDED.status,
                phase = coalesce(EXCLUDED.phase, job_view.phase),
                phase_name = coalesce(EXCLUDED.phase_name, job_view.phase_name),
                last_seq = EXCLUDED.last_seq,
                message = coalesce(EXCLUDED.message, job_view.message),
                metrics = job_view.metrics || EXCLUDED.metrics,
                started_at = EXCLUDED.started_at,
                finished_at = EXCLUDED.finished_at,
                updated_at = EXCLUDED.updated_at,
                created_by = coalesce(job_view.created_by, EXCLUDED.created_by),
                dataset_id = coalesce(job_view.dataset_id, EXCLUDED.dataset_id),
                dataset_version = coalesce(job_view.dataset_version, EXCLUDED.dataset_version),
                model_type = coalesce(job_view.model_type, EXCLUDED.model_type),
                priority = coalesce(job_view.priority, EXCLUDED.priority),
                use_upm = coalesce(job_view.use_upm, EXCLUDED.use_upm),
                track_mlflow = coalesce(job_view.track_mlflow, EXCLUDED.track_mlflow),
                prompt_preview = coalesce(job_view.prompt_preview, EXCLUDED.prompt_preview)
            WHERE job_view.last_seq < EXCLUDED.last_seq""";

    /** Owners of the jobs not finished yet: what the stream needs at start (finished jobs rarely send updates). */
    public Uni<Map<String, String>> ownersOfOpenJobs() {
        return pool.query("SELECT job_id, created_by FROM job_view WHERE created_by IS NOT NULL"
                        + " AND status NOT IN ('completed', 'failed', 'cancelled')").execute()
                .map(JobViewRepository::owners);
    }

    /** What the stream must know of a job it has not seen lately: its owner (null: nobody) and its status and last update. */
    public record Known(String owner, String status, long lastSeq) {
    }

    public Uni<Map<String, Known>> known(Collection<String> jobIds) {
        return pool.preparedQuery("SELECT job_id, created_by, status, last_seq FROM job_view WHERE job_id = ANY($1)")
                .execute(Tuple.of(jobIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Known> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), new Known(r.getString(1), r.getString(2), r.getLong(3))));
                    return out;
                });
    }

    private static Map<String, String> owners(RowSet<Row> rows) {
        Map<String, String> out = new HashMap<>();
        rows.forEach(r -> out.put(r.getString(0), r.getString(1)));
        return out;
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
    /** Every job trained on a dataset (any of its versions), oldest first: the dataset page's jobs per version. */
    public Uni<List<JobView>> byDataset(String datasetId) {
        return pool.preparedQuery("SELECT * FROM job_view WHERE dataset_id = $1 ORDER BY dataset_version, submitted_at")
                .execute(Tuple.of(datasetId))
                .map(JobViewRepository::views);
    }
}
