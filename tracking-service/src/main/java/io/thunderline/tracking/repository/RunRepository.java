package io.thunderline.tracking.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class RunRepository {
    private final Pool pool;

    public RunRepository(Pool pool) {
        this.pool = pool;
    }

    public record RunRow(String jobId, String status, long lastSeq, String experimentId, String runId, String runUrl) {
        static RunRow from(Row r) {
            return new RunRow(r.getString("job_id"), r.getString("status"), r.getLong("last_seq"),
                    r.getString("experiment_id"), r.getString("run_id"), r.getString("run_url"));
        }
    }

    /** Records the job's newest state; an older update arriving late does not move it back. */
    public Uni<Void> recordUpdate(SqlClient tx, JobUpdate u) {
        return tx.preparedQuery("""
                        INSERT INTO runs (job_id, status, last_seq) VALUES ($1, $2, $3)
                        ON CONFLICT (job_id) DO UPDATE SET status = EXCLUDED.status, last_seq = EXCLUDED.last_seq,
                                                           updated_at = now()
                        WHERE runs.last_seq < EXCLUDED.last_seq""")
                .execute(Tuple.of(u.jobId(), u.status().wireName(), u.seq()))
                .replaceWithVoid();
    }

    public Uni<Optional<RunRow>> find(String jobId) {
        return pool.preparedQuery("SELECT * FROM runs WHERE job_id = $1").execute(Tuple.of(jobId))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(RunRow.from(it.next())) : Optional.empty();
                });
    }
}
