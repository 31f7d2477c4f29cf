package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The trials of a job's architecture search. In the caller's transaction. */
@ApplicationScoped
public class TrialRepository {

    public record Trial(int trial, String architecture, Integer bestEpoch, Map<String, Object> metrics, Long millis) {
    }

    public Uni<Void> start(SqlClient tx, String jobId, int trial, String architecture) {
        return tx.preparedQuery("INSERT INTO trials (job_id, trial, architecture) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (job_id, trial) DO UPDATE SET architecture = $3, best_epoch = NULL, metrics = '{}'")
                .execute(Tuple.of(jobId, trial, architecture)).replaceWithVoid();
    }

    public Uni<Void> finish(SqlClient tx, String jobId, int trial, int bestEpoch, Map<String, Double> metrics) {
        return tx.preparedQuery("UPDATE trials SET best_epoch = $3, metrics = $4 WHERE job_id = $1 AND trial = $2")
                .execute(Tuple.of(jobId, trial, bestEpoch, new JsonObject(Map.copyOf(metrics)))).replaceWithVoid();
    }

    public Uni<List<Trial>> of(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT * FROM trials WHERE job_id = $1 ORDER BY trial").execute(Tuple.of(jobId))
                .map(rows -> {
                    List<Trial> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Trial(r.getInteger("trial"), r.getString("architecture"),
                            r.getInteger("best_epoch"), r.getJsonObject("metrics").getMap(), r.getLong("millis"))));
                    return list;
                });
    }
}
