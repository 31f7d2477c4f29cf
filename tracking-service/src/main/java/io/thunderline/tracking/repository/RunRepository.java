package io.thunderline.tracking.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.tracking.domain.RequestFacts;
import io.thunderline.tracking.domain.RunRow;
import io.thunderline.tracking.domain.RunState;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The runs table: one row per job seen, with its newest status, its request's facts and its MLflow run. */
@ApplicationScoped
public class RunRepository {
    private final Pool pool;

    public RunRepository(Pool pool) {
        this.pool = pool;
    }

    /** The job's newest status and update number before this update (-1: none yet), and whether MLflow tracking is on (null: not known yet). */
    public record Seen(Boolean trackMlflow, long lastSeq, JobStatus status) {
    }

    /**
     * Makes sure the job has a row and locks it for the caller's transaction (updates of one job are then applied one
     * at a time); returns what was known before.
     */
    public Uni<Seen> lockForUpdate(SqlClient tx, JobUpdate u) {
        return tx.preparedQuery("INSERT INTO runs (job_id, status, last_seq) VALUES ($1, $2, -1) ON CONFLICT (job_id) DO NOTHING")
                .execute(Tuple.of(u.jobId(), u.status().wireName()))
                .flatMap(ignored -> tx.preparedQuery("SELECT track_mlflow, last_seq, status FROM runs WHERE job_id = $1 FOR UPDATE")
                        .execute(Tuple.of(u.jobId())))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Seen(r.getBoolean("track_mlflow"), r.getLong("last_seq"), JobStatus.fromWire(r.getString("status")));
                });
    }

    /** Records the job's newest status; an older update arriving late does not move it back. */
    public Uni<Void> recordStatus(SqlClient tx, JobUpdate u) {
        return tx.preparedQuery("""
                        UPDATE runs SET status = $2, last_seq = $3, updated_at = now()
                        WHERE job_id = $1 AND last_seq < $3""")
                .execute(Tuple.of(u.jobId(), u.status().wireName(), u.seq()))
                .replaceWithVoid();
    }

    /** Stores the request's facts; the job's status, if updates came first, stays as they left it. */
    public Uni<Void> recordRequest(SqlClient tx, RequestFacts r) {
        return tx.preparedQuery("""
                        INSERT INTO runs (job_id, status, last_seq, track_mlflow, model_type, priority, use_upm, dataset_id,
                                          dataset_version, created_by, prompt_preview, requested_at)
                        VALUES ($1, 'queued', -1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        ON CONFLICT (job_id) DO UPDATE SET track_mlflow = EXCLUDED.track_mlflow,
                            model_type = EXCLUDED.model_type, priority = EXCLUDED.priority, use_upm = EXCLUDED.use_upm,
                            dataset_id = EXCLUDED.dataset_id, dataset_version = EXCLUDED.dataset_version,
                            created_by = EXCLUDED.created_by, prompt_preview = EXCLUDED.prompt_preview,
                            requested_at = EXCLUDED.requested_at, updated_at = now()""")
                .execute(Tuple.from(Arrays.asList(r.jobId(), r.trackMlflow(), r.modelType(), r.priority(), r.useUpm(),
                        r.datasetId(), r.datasetVersion(), r.createdBy(), r.promptPreview(), utc(r.requestedAt()))))
                .replaceWithVoid();
    }

    public Uni<Void> recordRun(SqlClient tx, String jobId, String experimentId, String runId, String runUrl,
                               String artifactUri, RunState state) {
        return tx.preparedQuery("""
                        UPDATE runs SET experiment_id = $2, run_id = $3, run_url = $4, artifact_uri = $5, run_state = $6,
                                        updated_at = now()
                        WHERE job_id = $1""")
                .execute(Tuple.from(Arrays.asList(jobId, experimentId, runId, runUrl, artifactUri, state.name())))
                .replaceWithVoid();
    }

    public Uni<Void> recordRunState(SqlClient tx, String jobId, RunState state) {
        return tx.preparedQuery("UPDATE runs SET run_state = $2, updated_at = now() WHERE job_id = $1")
                .execute(Tuple.of(jobId, state.name()))
                .replaceWithVoid();
    }

    public Uni<Optional<RunRow>> find(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT * FROM runs WHERE job_id = $1").execute(Tuple.of(jobId))
                .map(RunRepository::first);
    }

    public Uni<Optional<RunRow>> find(String jobId) {
        return find(pool, jobId);
    }

    public Uni<List<RunRow>> findAll(List<String> jobIds) {
        return pool.preparedQuery("SELECT * FROM runs WHERE job_id = ANY($1)")
                .execute(Tuple.of(jobIds.toArray(String[]::new)))
                .map(rows -> rows.stream().map(RunRepository::from).toList());
    }

    private static Optional<RunRow> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(from(it.next())) : Optional.empty();
    }

    static RunRow from(Row r) {
        return new RunRow(r.getString("job_id"), r.getString("status"), r.getLong("last_seq"),
                r.getBoolean("track_mlflow"), r.getString("model_type"), r.getString("priority"), r.getBoolean("use_upm"),
                r.getString("dataset_id"), r.getInteger("dataset_version"), r.getString("created_by"),
                r.getString("prompt_preview"), instant(r.getOffsetDateTime("requested_at")), r.getString("experiment_id"),
                r.getString("run_id"), r.getString("run_url"), r.getString("artifact_uri"), r.getString("run_state"),
                instant(r.getOffsetDateTime("first_seen_at")));
    }

    static OffsetDateTime utc(Instant t) {
        return t == null ? null : t.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
