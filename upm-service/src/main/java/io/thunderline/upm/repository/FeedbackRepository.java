package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Agents' feedback on their predictions, per snapshot version. */
@ApplicationScoped
public class FeedbackRepository {
    private final Pool pool;

    public FeedbackRepository(Pool pool) {
        this.pool = pool;
    }

    public record Feedback(String feedbackId, ModelType family, long version, String agentId, String predicted,
                           boolean correct, String label) {
    }

    /** Per version: its mode now (active, canary, shadow; null once deleted), judged and right predictions. */
    public record VersionCounts(long version, String mode, String status, long judged, long correct) {
    }

    /** True when stored; false when this feedback id was recorded before (a retried post). */
    public Uni<Boolean> record(Feedback f) {
        return pool.preparedQuery("""
                        INSERT INTO agent_feedback (feedback_id, family, version, agent_id, predicted, correct, label)
                        VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (feedback_id) DO NOTHING""")
                .execute(Tuple.from(Arrays.asList(f.feedbackId(), f.family().wireName(), f.version(), f.agentId(),
                        f.predicted(), f.correct(), f.label())))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<List<VersionCounts>> counts(ModelType family) {
        return pool.preparedQuery("""
                        SELECT f.version, s.mode, s.status, count(*) AS judged, count(*) FILTER (WHERE f.correct) AS correct
                        FROM agent_feedback f LEFT JOIN snapshots s ON s.family = f.family AND s.version = f.version
                        WHERE f.family = $1 GROUP BY f.version, s.mode, s.status ORDER BY f.version""")
                .execute(Tuple.of(family.wireName())).map(rows -> {
                    List<VersionCounts> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new VersionCounts(r.getLong("version"), r.getString("mode"),
                            r.getString("status"), r.getLong("judged"), r.getLong("correct"))));
                    return out;
                });
    }
}
