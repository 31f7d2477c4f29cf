package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * SQL of training schedules. Due schedules are locked with FOR UPDATE SKIP LOCKED inside the transaction that fires
 * them and moves next_run_at past now, so however many trainer instances look at the same moment, each due time
 * fires once: the others skip the locked row, and after the commit it is no longer due. In the caller's transaction.
 */
@ApplicationScoped
public class ScheduleRepository {

    public Uni<ScheduleRow> insert(SqlClient tx, ScheduleRow s) {
        return tx.preparedQuery("""
                        INSERT INTO schedules (id, dataset_id, model_type, cron, priority, use_upm, track_mlflow, created_by,
                                               next_run_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *""")
                .execute(Tuple.from(Arrays.asList(s.id(), s.datasetId(), s.modelType().wireName(), s.cron(),
                        PriorityCodes.code(s.priority()), s.useUpm(), s.trackMlflow(), s.createdBy(),
                        s.nextRunAt().atOffset(ZoneOffset.UTC))))
                .map(rows -> ScheduleRow.from(rows.iterator().next()));
    }

    public Uni<List<ScheduleRow>> list(SqlClient client, String datasetId) {
        return client.preparedQuery("SELECT * FROM schedules WHERE ($1::text IS NULL OR dataset_id = $1) ORDER BY created_at, id")
                .execute(Tuple.of(datasetId)).map(ScheduleRepository::all);
    }

    public Uni<Optional<ScheduleRow>> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT * FROM schedules WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> all(rows).stream().findFirst());
    }

    public Uni<Boolean> delete(SqlClient tx, String id) {
        return tx.preparedQuery("DELETE FROM schedules WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    /** Due schedules, locked for this transaction; rows another instance is firing right now are skipped. */
    public Uni<List<ScheduleRow>> lockDue(SqlClient tx, int limit) {
        return tx.preparedQuery("SELECT * FROM schedules WHERE enabled AND next_run_at <= now() ORDER BY next_run_at, id "
                        + "LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(limit)).map(ScheduleRepository::all);
    }

    /** The due time fired: the next one is set, and the job it requested remembered. */
    public Uni<Void> fired(SqlClient tx, String id, Instant due, Instant next, String jobId) {
        return tx.preparedQuery("UPDATE schedules SET last_run_at = $2, next_run_at = $3, last_job_id = $4, last_error = NULL, "
                        + "runs = runs + 1 WHERE id = $1")
                .execute(Tuple.of(id, due.atOffset(ZoneOffset.UTC), next.atOffset(ZoneOffset.UTC), jobId)).replaceWithVoid();
    }

    /** The schedule cannot fire any more (its dataset is gone, or its cron has no future firing): kept, switched off. */
    public Uni<Void> disable(SqlClient tx, String id, String reason) {
        return tx.preparedQuery("UPDATE schedules SET enabled = false, last_error = $2 WHERE id = $1")
                .execute(Tuple.of(id, reason)).replaceWithVoid();
    }

    /** A firing failed for a passing reason; the due time stays, so the next look tries again. */
    public Uni<Void> failedInTx(SqlClient tx, String id, String reason) {
        return tx.preparedQuery("UPDATE schedules SET last_error = $2 WHERE id = $1").execute(Tuple.of(id, reason))
                .replaceWithVoid();
    }

    private static List<ScheduleRow> all(RowSet<Row> rows) {
        List<ScheduleRow> list = new ArrayList<>();
        rows.forEach(r -> list.add(ScheduleRow.from(r)));
        return list;
    }
}
