package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** The UPM panel's numbers, computed from what is stored (never constants). */
@ApplicationScoped
public class StatusRepository {
    private final Pool pool;

    public StatusRepository(Pool pool) {
        this.pool = pool;
    }

    public record Counts(int activeTrainers, int snapshots24h, Double driftP95, int agentsSynced, int agentsTotal) {
    }

    /**
     * Active trainers = families that applied a window within {@code activeWindow}. Agents = distinct agents heard
     * from within {@code ttl}; synced = those whose every followed family holds that family's active version.
     * Drift p95 = the latest drift check's.
     */
    public Uni<Counts> counts(Duration activeWindow, Duration ttl) {
        return pool.preparedQuery("""
                        SELECT
                          (SELECT count(DISTINCT family) FROM windows
                             WHERE applied_at > now() - make_interval(secs => $1)) AS active,
                          (SELECT count(*) FROM snapshots WHERE created_at > now() - interval '24 hours') AS snaps,
                          (SELECT p95 FROM drift_reports ORDER BY id DESC LIMIT 1) AS drift,
                          (SELECT count(*) FROM (
                             SELECT a.agent_id, bool_and(s.version IS NOT NULL AND a.applied_version = s.version) AS ok
                             FROM agents a LEFT JOIN snapshots s ON s.family = a.family AND s.mode = 'active'
                             WHERE a.last_seen > now() - make_interval(secs => $2)
                             GROUP BY a.agent_id) x WHERE ok) AS synced,
                          (SELECT count(DISTINCT agent_id) FROM agents
                             WHERE last_seen > now() - make_interval(secs => $2)) AS agents""")
                .execute(Tuple.of(activeWindow.toMillis() / 1000.0, ttl.toMillis() / 1000.0))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Counts(r.getLong("active").intValue(), r.getLong("snaps").intValue(), r.getDouble("drift"),
                            r.getLong("synced").intValue(), r.getLong("agents").intValue());
                });
    }
}
