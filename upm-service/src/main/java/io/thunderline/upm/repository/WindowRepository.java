package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.PendingWindow;
import io.thunderline.upm.service.OnlineTrainer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class WindowRepository {
    private final Pool pool;

    public WindowRepository(Pool pool) {
        this.pool = pool;
    }

    /** Keeps a window (once per window id, whatever the redeliveries); true if it is new. */
    public Uni<Boolean> keep(SqlClient tx, FeatureWindow w) {
        return tx.preparedQuery("INSERT INTO windows (window_id, family, row_count, body, source_job_id) "
                        + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (window_id) DO NOTHING")
                .execute(Tuple.of(w.windowId(), w.family().wireName(), w.rows().size(), EventCodec.toJson(w), w.sourceJobId()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Windows not applied yet, in arrival order. */
    public Uni<List<PendingWindow>> pending(ModelType family, int limit) {
        return pool.preparedQuery("SELECT seq, apply_seq, body FROM windows WHERE family = $1 AND applied_at IS NULL "
                        + "ORDER BY seq LIMIT $2")
                .execute(Tuple.of(family.wireName(), limit)).map(WindowRepository::windows);
    }

    /** Windows applied after the trainer's last snapshot, in the order they were applied (replayed on restart). */
    public Uni<List<PendingWindow>> appliedSinceSnapshot(ModelType family) {
        return pool.preparedQuery("SELECT seq, apply_seq, body FROM windows WHERE family = $1 AND applied_at IS NOT NULL "
                        + "AND snapshot_version IS NULL ORDER BY apply_seq")
                .execute(Tuple.of(family.wireName())).map(WindowRepository::windows);
    }

    public Uni<Boolean> markApplied(SqlClient tx, String windowId, long applySeq, OnlineTrainer.WindowOutcome outcome) {
        return tx.preparedQuery("UPDATE windows SET applied_at = clock_timestamp(), apply_seq = $2, pv_rows = $3, "
                        + "pv_correct = $4, pv_log_loss = $5 WHERE window_id = $1 AND applied_at IS NULL")
                .execute(Tuple.of(windowId, applySeq, outcome.rows(), outcome.correct(), outcome.logLoss()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Gives the windows applied since the last snapshot to the new snapshot; returns how many. */
    public Uni<Integer> assignToSnapshot(SqlClient tx, ModelType family, long version) {
        return tx.preparedQuery("UPDATE windows SET snapshot_version = $2 WHERE family = $1 AND applied_at IS NOT NULL "
                        + "AND snapshot_version IS NULL")
                .execute(Tuple.of(family.wireName(), version)).map(rows -> rows.rowCount());
    }

    /** After a rollback: windows applied on the abandoned line but in no snapshot are applied again on the target. */
    public Uni<Integer> unapplyUnsnapshotted(SqlClient tx, ModelType family) {
        return tx.preparedQuery("UPDATE windows SET applied_at = NULL, apply_seq = NULL, pv_rows = NULL, pv_correct = NULL, "
                        + "pv_log_loss = NULL WHERE family = $1 AND applied_at IS NOT NULL AND snapshot_version IS NULL")
                .execute(Tuple.of(family.wireName())).map(rows -> rows.rowCount());
    }

    /**
     * The newest rows the served model learned from (windows of snapshots up to {@code activeVersion}, not of rolled-back
     * ones), newest first: the recent samples a drift check scores.
     */
    public Uni<List<FeatureWindow.FeatureRow>> recentRows(ModelType family, long activeVersion, int wanted) {
        // only as many windows as hold the wanted rows: each body is a whole window of JSON to decode
        return pool.preparedQuery("""
                        SELECT body FROM (
                            SELECT body, apply_seq, row_count, sum(row_count) OVER (ORDER BY apply_seq DESC) AS upto
                            FROM windows w WHERE w.family = $1 AND w.snapshot_version <= $2
                              AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.family = w.family
                                              AND s.version = w.snapshot_version AND s.status = 'rolled_back')) x
                        WHERE upto - row_count < $3 ORDER BY apply_seq DESC""")
                .execute(Tuple.of(family.wireName(), activeVersion, wanted))
                .map(rows -> {
                    List<FeatureWindow.FeatureRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        List<FeatureWindow.FeatureRow> windowRows = EventCodec.fromJson(r.getString("body"), FeatureWindow.class).rows();
                        for (int i = windowRows.size() - 1; i >= 0 && out.size() < wanted; i--) {
                            out.add(windowRows.get(i));
                        }
                        if (out.size() >= wanted) {
                            break;
                        }
                    }
                    return out;
                });
    }

    public record Holdout(int rows, int correct, double logLoss) {
    }

    /**
     * Progressive validation over the family's last {@code rows} applied rows (not counting windows of rolled-back
     * snapshots): every row was scored by the model before the model learned from it.
     */
    public Uni<Holdout> holdout(ModelType family, int rows) {
        return pool.preparedQuery("""
                        SELECT coalesce(sum(pv_rows), 0) AS rows, coalesce(sum(pv_correct), 0) AS correct,
                               coalesce(sum(pv_log_loss), 0) AS loss
                        FROM (SELECT pv_rows, pv_correct, pv_log_loss,
                                     sum(pv_rows) OVER (ORDER BY apply_seq DESC) AS upto
                              FROM (SELECT w.pv_rows, w.pv_correct, w.pv_log_loss, w.apply_seq
                                    FROM windows w
                                    WHERE w.family = $1 AND w.applied_at IS NOT NULL
                                      AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.family = w.family
                                                      AND s.version = w.snapshot_version AND s.status = 'rolled_back')
                                    -- every window has at least one row: that many newest windows hold the holdout
                                    ORDER BY w.apply_seq DESC LIMIT $2) newest) x
                        WHERE upto - pv_rows < $2""")
                .execute(Tuple.of(family.wireName(), rows))
                .map(set -> {
                    Row r = set.iterator().next();
                    return new Holdout(r.getLong("rows").intValue(), r.getLong("correct").intValue(), r.getDouble("loss"));
                });
    }

    public record Counts(long pending, long applied) {
    }

    public Uni<Counts> counts(ModelType family) {
        return pool.preparedQuery("SELECT count(*) FILTER (WHERE applied_at IS NULL) AS pending, "
                        + "count(*) FILTER (WHERE applied_at IS NOT NULL) AS applied FROM windows WHERE family = $1")
                .execute(Tuple.of(family.wireName()))
                .map(rows -> new Counts(rows.iterator().next().getLong("pending"), rows.iterator().next().getLong("applied")));
    }

    private static List<PendingWindow> windows(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<PendingWindow> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new PendingWindow(r.getLong("seq"), r.getLong("apply_seq"),
                    EventCodec.fromJson(r.getString("body"), FeatureWindow.class)));
        }
        return out;
    }
}
