package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * SQL of A/B deployments, the predictions logged through them (or through a job's own predict) and the feedback on
 * those predictions. In the caller's transaction.
 */
@ApplicationScoped
public class DeploymentRepository {

    /** A deployment: the active model (job A), the candidate (job B, or none) and the share of calls B answers. */
    public record DeploymentRow(String id, String name, String activeJobId, String candidateJobId, double candidateShare,
                                String createdBy, Instant createdAt, Instant updatedAt, int promotions,
                                Instant promotedAt, String promotedBy) {
        static DeploymentRow from(Row r) {
            return new DeploymentRow(r.getString("id"), r.getString("name"), r.getString("active_job_id"),
                    r.getString("candidate_job_id"), r.getDouble("candidate_share"), r.getString("created_by"),
                    instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("updated_at")),
                    r.getInteger("promotions"), instant(r.getOffsetDateTime("promoted_at")), r.getString("promoted_by"));
        }
    }

    /** What a deployment may serve: a job, its status and type, and the kind of model it stored (null: none). */
    public record ServableJob(String jobId, String status, String modelType, String createdBy, String modelKind) {
    }

    /** One logged prediction; {@code deploymentId} and {@code arm} are null when the job was asked directly. */
    public record PredictionRow(String id, String deploymentId, String jobId, String arm, String text, String label,
                                double probability, String askedBy, Instant createdAt) {
        static PredictionRow from(Row r) {
            return new PredictionRow(r.getString("id"), r.getString("deployment_id"), r.getString("job_id"),
                    r.getString("arm"), r.getString("text"), r.getString("label"), r.getDouble("probability"),
                    r.getString("asked_by"), instant(r.getOffsetDateTime("created_at")));
        }
    }

    public record FeedbackRow(String predictionId, boolean correct, String label, String givenBy, Instant givenAt) {
        static FeedbackRow from(Row r) {
            return new FeedbackRow(r.getString("prediction_id"), r.getBoolean("correct"), r.getString("label"),
                    r.getString("given_by"), instant(r.getOffsetDateTime("given_at")));
        }
    }

    /** Per model of a deployment: predictions it made through the deployment, how many were judged, how many right. */
    public record ModelCounts(String jobId, long calls, long judged, long correct) {
    }

    public Uni<DeploymentRow> insert(SqlClient tx, String id, String name, String activeJobId, String candidateJobId,
                                     double candidateShare, String createdBy) {
        return tx.preparedQuery("""
                        INSERT INTO model_deployments (id, name, active_job_id, candidate_job_id, candidate_share, created_by)
                        VALUES ($1, $2, $3, $4, $5, $6) RETURNING *""")
                .execute(Tuple.from(Arrays.asList(id, name, activeJobId, candidateJobId, candidateShare, createdBy)))
                .map(rows -> DeploymentRow.from(rows.iterator().next()));
    }

    public Uni<Optional<DeploymentRow>> find(SqlClient client, String id) {
        return client.preparedQuery("SELECT * FROM model_deployments WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> deployments(rows).stream().findFirst());
    }

    /** The row locked until the transaction ends: promote and a new split never interleave. */
    public Uni<Optional<DeploymentRow>> lock(SqlClient tx, String id) {
        return tx.preparedQuery("SELECT * FROM model_deployments WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> deployments(rows).stream().findFirst());
    }

    /** Every deployment, or those one user created (createdBy null: all), newest first. */
    public Uni<List<DeploymentRow>> list(SqlClient client, String createdBy) {
        return client.preparedQuery("SELECT * FROM model_deployments WHERE ($1::text IS NULL OR created_by = $1) "
                        + "ORDER BY created_at DESC, id LIMIT 500")
                .execute(Tuple.of(createdBy)).map(DeploymentRepository::deployments);
    }

    public Uni<DeploymentRow> update(SqlClient tx, String id, String activeJobId, String candidateJobId, double share) {
        return tx.preparedQuery("""
                        UPDATE model_deployments SET active_job_id = $2, candidate_job_id = $3, candidate_share = $4,
                               updated_at = now() WHERE id = $1 RETURNING *""")
                .execute(Tuple.of(id, activeJobId, candidateJobId, share))
                .map(rows -> DeploymentRow.from(rows.iterator().next()));
    }

    /** B becomes A; the former A stays as B with share 0 (its numbers stay visible, promoting again undoes it). */
    public Uni<DeploymentRow> promote(SqlClient tx, String id, String by) {
        return tx.preparedQuery("""
                        UPDATE model_deployments SET active_job_id = candidate_job_id, candidate_job_id = active_job_id,
                               candidate_share = 0, promotions = promotions + 1, promoted_at = now(), promoted_by = $2,
                               updated_at = now()
                        WHERE id = $1 AND candidate_job_id IS NOT NULL RETURNING *""")
                .execute(Tuple.of(id, by)).map(rows -> DeploymentRow.from(rows.iterator().next()));
    }

    public Uni<List<ServableJob>> servable(SqlClient client, List<String> jobIds) {
        return client.preparedQuery("SELECT j.id, j.status, j.model_type, j.created_by, m.kind FROM jobs j "
                        + "LEFT JOIN models m ON m.job_id = j.id WHERE j.id = ANY($1)")
                .execute(Tuple.of(jobIds.toArray(String[]::new))).map(rows -> {
                    List<ServableJob> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new ServableJob(r.getString("id"), r.getString("status"),
                            r.getString("model_type"), r.getString("created_by"), r.getString("kind"))));
                    return out;
                });
    }

    public Uni<PredictionRow> log(SqlClient tx, PredictionRow p) {
        return tx.preparedQuery("""
                        INSERT INTO predictions (id, deployment_id, job_id, arm, text, label, probability, asked_by)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *""")
                .execute(Tuple.from(Arrays.asList(p.id(), p.deploymentId(), p.jobId(), p.arm(), p.text(), p.label(),
                        p.probability(), p.askedBy())))
                .map(rows -> PredictionRow.from(rows.iterator().next()));
    }

    public Uni<Optional<PredictionRow>> prediction(SqlClient client, String id) {
        return client.preparedQuery("SELECT * FROM predictions WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
            var it = rows.iterator();
            return it.hasNext() ? Optional.of(PredictionRow.from(it.next())) : Optional.empty();
        });
    }

    /** Records the feedback unless the prediction has some already: true when this call stored it. */
    public Uni<Boolean> feedback(SqlClient tx, FeedbackRow f) {
        return tx.preparedQuery("""
                        INSERT INTO prediction_feedback (prediction_id, correct, label, given_by) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (prediction_id) DO NOTHING""")
                .execute(Tuple.of(f.predictionId(), f.correct(), f.label(), f.givenBy())).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<FeedbackRow>> storedFeedback(SqlClient client, String predictionId) {
        return client.preparedQuery("SELECT * FROM prediction_feedback WHERE prediction_id = $1")
                .execute(Tuple.of(predictionId)).map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(FeedbackRow.from(it.next())) : Optional.empty();
                });
    }

    /** Calls, judged and correct per model that answered through the deployment (either side, at any time). */
    public Uni<List<ModelCounts>> counts(SqlClient client, String deploymentId) {
        return client.preparedQuery("""
                        SELECT p.job_id, count(*) AS calls, count(f.prediction_id) AS judged,
                               count(*) FILTER (WHERE f.correct) AS correct
                        FROM predictions p LEFT JOIN prediction_feedback f ON f.prediction_id = p.id
                        WHERE p.deployment_id = $1 GROUP BY p.job_id""")
                .execute(Tuple.of(deploymentId)).map(rows -> {
                    List<ModelCounts> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new ModelCounts(r.getString("job_id"), r.getLong("calls"),
                            r.getLong("judged"), r.getLong("correct"))));
                    return out;
                });
    }

    private static List<DeploymentRow> deployments(RowSet<Row> rows) {
        List<DeploymentRow> list = new ArrayList<>();
        rows.forEach(r -> list.add(DeploymentRow.from(r)));
        return list;
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
