package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

/** SQL of where a job stands with the remote Cerebros service, stored with the job. In the caller's transaction. */
@ApplicationScoped
public class RemoteJobRepository {

    /** The remote job id (if submitted), the events read so far, and since when the job waits for Cerebros. */
    public record RemoteState(String remoteJobId, long cursor, OffsetDateTime waitingSince) {
    }

    public Uni<RemoteState> state(SqlClient client, String jobId) {
        return client.preparedQuery("SELECT remote_job_id, remote_cursor, cerebros_waiting_since FROM jobs WHERE id = $1")
                .execute(Tuple.of(jobId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return new RemoteState(null, 0, null);
                    }
                    Row r = it.next();
                    return new RemoteState(r.getString("remote_job_id"), r.getLong("remote_cursor"),
                            r.getOffsetDateTime("cerebros_waiting_since"));
                });
    }

    /** Records the remote job and how far its events were read; Cerebros answered, so the job no longer waits for it. */
    public Uni<Void> set(SqlClient tx, String jobId, String remoteJobId, long cursor) {
        return tx.preparedQuery("UPDATE jobs SET remote_job_id = $2, remote_cursor = $3, cerebros_waiting_since = NULL, "
                        + "cerebros_unavailable_count = 0 WHERE id = $1")
                .execute(Tuple.of(jobId, remoteJobId, cursor)).replaceWithVoid();
    }
}
