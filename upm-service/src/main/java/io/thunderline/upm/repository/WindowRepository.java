package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.FeatureWindow;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class WindowRepository {
    private final Pool pool;

    public WindowRepository(Pool pool) {
        this.pool = pool;
    }

    /** Keeps a window (once per window id, whatever the redeliveries). */
    public Uni<Boolean> keep(SqlClient tx, FeatureWindow w) {
        return tx.preparedQuery("INSERT INTO windows (window_id, family, row_count, body, source_job_id) "
                        + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (window_id) DO NOTHING")
                .execute(Tuple.of(w.windowId(), w.family().wireName(), w.rows().size(),
                        new JsonObject(EventCodec.toJson(w)), w.sourceJobId()))
                .map(rows -> rows.rowCount() == 1);
    }

    public record Counts(int activeTrainers, int snapshots24h, Double driftP95, int agentsSynced, int agentsTotal,
                         long windowsPending) {
    }

    /** The UPM panel's numbers, computed from what is stored. */
    public Uni<Counts> counts() {
        return pool.query("""
                        SELECT
                          (SELECT count(DISTINCT family) FROM windows WHERE applied_at > now() - interval '1 minute') AS active,
                          (SELECT count(*) FROM snapshots WHERE created_at > now() - interval '24 hours') AS snaps,
                          (SELECT count(*) FROM agents a JOIN snapshots s ON s.family = a.family AND s.status = 'activated'
                                                        AND s.version = a.applied_version) AS synced,
                          (SELECT count(*) FROM agents) AS agents,
                          (SELECT count(*) FROM windows WHERE applied_at IS NULL) AS pending""")
                .execute()
                .map(rows -> {
                    var r = rows.iterator().next();
                    return new Counts(r.getLong("active").intValue(), r.getLong("snaps").intValue(), null,
                            r.getLong("synced").intValue(), r.getLong("agents").intValue(), r.getLong("pending"));
                });
    }
}
