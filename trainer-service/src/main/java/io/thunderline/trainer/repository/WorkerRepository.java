package io.thunderline.trainer.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** SQL of who works the queue: the workers' heartbeats and the queue's pause switch. In the caller's transaction. */
@ApplicationScoped
public class WorkerRepository {

    /** Proves a worker alive (idle or busy); returns the ids of its jobs someone asked to cancel. */
    public Uni<List<String>> heartbeat(SqlClient tx, String workerId, String instance, String runningJobId) {
        Uni<Void> worker = tx.preparedQuery("INSERT INTO workers (worker_id, instance, last_heartbeat, running_job_id) "
                        + "VALUES ($1, $2, now(), $3) ON CONFLICT (worker_id) DO UPDATE SET last_heartbeat = now(), running_job_id = $3")
                .execute(Tuple.of(workerId, instance, runningJobId)).replaceWithVoid();
        if (runningJobId == null) {
            return worker.replaceWith(List.of());
        }
        return worker.flatMap(v -> tx.preparedQuery("UPDATE jobs SET heartbeat_at = now() WHERE worker_id = $1 "
                        + "AND status = 'running' AND id = $2 RETURNING id, cancel_requested")
                .execute(Tuple.of(workerId, runningJobId))
                .map(rows -> {
                    List<String> cancelled = new ArrayList<>();
                    rows.forEach(r -> {
                        if (Boolean.TRUE.equals(r.getBoolean("cancel_requested"))) {
                            cancelled.add(r.getString("id"));
                        }
                    });
                    return cancelled;
                }));
    }

    public Uni<Void> removeWorkers(SqlClient tx, String instance) {
        return tx.preparedQuery("DELETE FROM workers WHERE instance = $1").execute(Tuple.of(instance)).replaceWithVoid();
    }

    public Uni<Void> setPaused(SqlClient tx, boolean paused) {
        return tx.preparedQuery("UPDATE queue_control SET paused = $1 WHERE id = 1").execute(Tuple.of(paused)).replaceWithVoid();
    }

    public Uni<Boolean> paused(SqlClient client) {
        return client.query("SELECT paused FROM queue_control WHERE id = 1").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }
}
