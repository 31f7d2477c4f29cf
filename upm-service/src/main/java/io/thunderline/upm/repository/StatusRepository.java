package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.AdapterAck;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.UpmStatus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The UPM panel's numbers, computed from what is stored (never constants). */
@ApplicationScoped
public class StatusRepository {
    private final Pool pool;

    public StatusRepository(Pool pool) {
        this.pool = pool;
    }

    public record Counts(int activeTrainers, int snapshots24h, Double driftP95, int agentsSynced, int agentsTotal,
                         int agentsOffline, List<UpmStatus.Family> families, List<UpmStatus.Agent> agents) {
        public Counts(int activeTrainers, int snapshots24h, Double driftP95, int agentsSynced, int agentsTotal) {
            this(activeTrainers, snapshots24h, driftP95, agentsSynced, agentsTotal, 0, List.of(), List.of());
        }
    }

    /** The windows and agents parts of a status (the settings they depend on). */
    public record Limits(Duration activeWindow, Duration ttl, Duration offlineAfter, int snapshotEvery, int listed) {
    }

    /**
     * Active trainers = families that applied a window within {@code activeWindow}. Agents = distinct agents heard
     * from within {@code ttl}, each live (heard within {@code offlineAfter}) or offline; synced = live agents whose
     * every followed family holds that family's active version; waiting = live agents that hold no model yet. Drift
     * p95 = the latest drift check's. Per family: windows received, pending, applied since the last snapshot and how
     * many more the next snapshot needs.
     */
    public Uni<Counts> counts(Duration activeWindow, Duration ttl) {
        return counts(new Limits(activeWindow, ttl, ttl, 8, 0));
    }

    public Uni<Counts> counts(Limits limits) {
        Uni<Row> head = pool.preparedQuery("""
                        SELECT
                          (SELECT count(DISTINCT family) FROM windows
                             WHERE applied_at > now() - make_interval(secs => $1)) AS active,
                          (SELECT count(*) FROM snapshots WHERE created_at > now() - interval '24 hours') AS snaps,
                          (SELECT p95 FROM drift_reports ORDER BY id DESC LIMIT 1) AS drift""")
                .execute(Tuple.of(seconds(limits.activeWindow())))
                .map(rows -> rows.iterator().next());
        Uni<List<UpmStatus.Family>> families = pool.query("""
                        SELECT f.family,
                          (SELECT count(*) FROM windows w WHERE w.family = f.family) AS received,
                          (SELECT count(*) FROM windows w WHERE w.family = f.family AND w.applied_at IS NULL) AS pending,
                          (SELECT count(*) FROM windows w WHERE w.family = f.family AND w.applied_at IS NOT NULL
                                                                AND w.snapshot_version IS NULL) AS since,
                          (SELECT s.version FROM snapshots s WHERE s.family = f.family AND s.mode = 'active') AS active
                        FROM families f ORDER BY f.family""")
                .execute()
                .map(rows -> {
                    List<UpmStatus.Family> out = new ArrayList<>();
                    for (Row r : rows) {
                        long pending = r.getLong("pending");
                        long since = r.getLong("since");
                        out.add(new UpmStatus.Family(ModelType.fromWire(r.getString("family")), r.getLong("received"),
                                pending, since, limits.snapshotEvery(),
                                Math.max(0, limits.snapshotEvery() - since - pending), r.getLong("active")));
                    }
                    return out;
                });
        Uni<List<AgentFamily>> agents = pool.preparedQuery("""
                        SELECT a.agent_id, a.family, a.applied_version, a.last_error, a.last_seen,
                               s.version AS active_version,
                               a.last_seen > now() - make_interval(secs => $2) AS live
                        FROM agents a LEFT JOIN snapshots s ON s.family = a.family AND s.mode = 'active'
                        WHERE a.last_seen > now() - make_interval(secs => $1)
                        ORDER BY a.agent_id, a.family""")
                .execute(Tuple.of(seconds(limits.ttl()), seconds(limits.offlineAfter())))
                .map(rows -> {
                    List<AgentFamily> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new AgentFamily(r.getString("agent_id"), ModelType.fromWire(r.getString("family")),
                                r.getLong("applied_version"), r.getLong("active_version"), r.getString("last_error"),
                                r.getBoolean("live"), SnapshotRepository.instant(r, "last_seen")));
                    }
                    return out;
                });
        return Uni.combine().all().unis(head, families, agents).asTuple().map(t -> {
            Row r = t.getItem1();
            List<UpmStatus.Agent> all = agentStates(t.getItem3());
            int synced = (int) all.stream().filter(a -> UpmStatus.SYNCED.equals(a.state())).count();
            int offline = (int) all.stream().filter(a -> UpmStatus.OFFLINE.equals(a.state())).count();
            return new Counts(r.getLong("active").intValue(), r.getLong("snaps").intValue(), r.getDouble("drift"),
                    synced, all.size(), offline, t.getItem2(), all.subList(0, Math.min(all.size(), limits.listed())));
        });
    }

    /** One agents row: what an agent holds of one family. */
    record AgentFamily(String agentId, ModelType family, Long applied, Long active, String lastError, boolean live,
                       Instant lastSeen) {
        boolean holdsNothing() {
            return applied == null || applied == AdapterAck.NO_MODEL;
        }

        boolean synced() {
            return active != null && !holdsNothing() && applied.equals(active);
        }

        /**
         * No model of this family to hold yet (no active snapshot here: whatever the agent holds or refused came from
         * elsewhere), or none received yet.
         */
        boolean waiting() {
            return active == null || (holdsNothing() && lastError == null);
        }
    }

    /**
     * Rows (ordered by agent) → one state per agent: offline; synced (every family on its active version); waiting
     * (a family has no active snapshot yet, or the agent has not received it yet — a model it holds from elsewhere,
     * e.g. an older deployment's adapter on the compacted topic, does not count); else behind (an older version, or a
     * refusal).
     */
    static List<UpmStatus.Agent> agentStates(List<AgentFamily> rows) {
        Map<String, List<AgentFamily>> byAgent = new LinkedHashMap<>();
        rows.forEach(r -> byAgent.computeIfAbsent(r.agentId(), k -> new ArrayList<>()).add(r));
        List<UpmStatus.Agent> out = new ArrayList<>();
        byAgent.forEach((id, list) -> {
            boolean live = list.stream().anyMatch(AgentFamily::live);
            String state;
            if (!live) {
                state = UpmStatus.OFFLINE;
            } else if (list.stream().allMatch(AgentFamily::synced)) {
                state = UpmStatus.SYNCED;
            } else if (list.stream().allMatch(f -> f.synced() || f.waiting())) {
                state = UpmStatus.WAITING;
            } else {
                state = UpmStatus.BEHIND;
            }
            Map<String, Long> held = new TreeMap<>();
            list.stream().filter(f -> !f.holdsNothing()).forEach(f -> held.put(f.family().wireName(), f.applied()));
            Instant seen = list.stream().map(AgentFamily::lastSeen).filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo).orElse(null);
            out.add(new UpmStatus.Agent(id, list.stream().map(AgentFamily::family).toList(), state, held, seen));
        });
        return out;
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /** One family's sync, for the gauges: its active version, how long that has been active, live agents, unsynced. */
    public record FamilySync(String family, Long activeVersion, double activeAgeSeconds, long agents, long unsynced) {
    }

    /** Every family with a window or an agent; agents count when heard from within {@code ttl}. */
    public Uni<List<FamilySync>> familySync(Duration ttl) {
        return pool.preparedQuery("""
                        SELECT f.family, s.version AS active_version,
                               extract(epoch FROM now() - coalesce(s.activated_at, s.created_at))::float8 AS active_age,
                               count(a.agent_id) AS agents,
                               count(a.agent_id) FILTER (WHERE a.applied_version IS DISTINCT FROM s.version) AS unsynced
                        FROM (SELECT family FROM families UNION SELECT family FROM agents) f
                        LEFT JOIN snapshots s ON s.family = f.family AND s.mode = 'active'
                        LEFT JOIN agents a ON a.family = f.family AND a.last_seen > now() - make_interval(secs => $1)
                        GROUP BY f.family, s.version, s.activated_at, s.created_at""")
                .execute(Tuple.of(ttl.toMillis() / 1000.0))
                .map(rows -> {
                    List<FamilySync> out = new ArrayList<>();
                    for (Row r : rows) {
                        Double age = r.getDouble("active_age");
                        out.add(new FamilySync(r.getString("family"), r.getLong("active_version"), age == null ? 0 : age,
                                r.getLong("agents"), r.getLong("unsynced")));
                    }
                    return out;
                });
    }
}
