package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Trained model files, one per completed job. In the caller's transaction. */
@ApplicationScoped
public class ModelRepository {

    public record StoredModel(String jobId, String kind, byte[] bytes, String sha256) {
    }

    public Uni<Void> save(SqlClient tx, StoredModel model) {
        return tx.preparedQuery("INSERT INTO models (job_id, kind, bytes, sha256) VALUES ($1, $2, $3, $4) "
                        + "ON CONFLICT (job_id) DO UPDATE SET kind = $2, bytes = $3, sha256 = $4, created_at = now()")
                .execute(Tuple.of(model.jobId(), model.kind(), Buffer.buffer(model.bytes()), model.sha256()))
                .replaceWithVoid();
    }

    public Uni<Optional<StoredModel>> find(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT job_id, kind, bytes, sha256 FROM models WHERE job_id = $1").execute(Tuple.of(jobId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    var r = it.next();
                    return Optional.of(new StoredModel(r.getString("job_id"), r.getString("kind"),
                            r.getBuffer("bytes").getBytes(), r.getString("sha256")));
                });
    }
}
