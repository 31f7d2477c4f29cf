package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.AdapterAck;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.AckRow;
import io.thunderline.upm.domain.AgentRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AgentRepository {
    private final Pool pool;

    public AgentRepository(Pool pool) {
        this.pool = pool;
    }

    /** Records acks in order in the caller's transaction; true if any changed what an agent holds or reports. */
    public Uni<Boolean> recordAll(SqlClient tx, List<AdapterAck> acks) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(acks)
                .onItem().transformToUniAndConcatenate(ack -> record(tx, ack))
                .collect().asList()
                .map(changed -> changed.contains(true));
    }

    /**
     * Records an ack. Acks are applied in the order agents sent them ({@code at}): an older ack redelivered after a
     * newer one only refreshes last_seen. A version-0 ack ({@link AdapterAck#waiting}) is a heartbeat only: it
     * refreshes last_seen (and lists the agent) but never changes a held version or clears a reported refusal. Acks
     * that change the held version or report an error are kept in adapter_acks (heartbeats are not). Returns true if
     * the ack changed what the agent holds or reports.
     */
    private Uni<Boolean> record(SqlClient tx, AdapterAck ack) {
        OffsetDateTime at = OffsetDateTime.ofInstant(ack.at(), ZoneOffset.UTC);
        return tx.preparedQuery("""
                        INSERT INTO agents (agent_id, family, applied_version, applied_at, last_error, last_error_at, last_ack_at)
                        VALUES ($1::text, $2::text, CASE WHEN $4::boolean THEN $3::bigint END,
                                CASE WHEN $4::boolean THEN $6::timestamptz END,
                                CASE WHEN $4::boolean THEN NULL ELSE $5::text END,
                                CASE WHEN $4::boolean THEN NULL ELSE $6::timestamptz END, $6::timestamptz)
                        ON CONFLICT (agent_id, family) DO UPDATE SET
                          applied_version = CASE WHEN $4 AND $3 = 0 THEN coalesce(agents.applied_version, 0)
                                                 WHEN $6 >= agents.last_ack_at AND $4 THEN $3 ELSE agents.applied_version END,
                          applied_at = CASE WHEN $4 AND $3 = 0 THEN agents.applied_at
                                            WHEN $6 >= agents.last_ack_at AND $4
                                                 AND agents.applied_version IS DISTINCT FROM $3 THEN $6
                                            ELSE agents.applied_at END,
                          last_error = CASE WHEN $6 < agents.last_ack_at OR ($4 AND $3 = 0) THEN agents.last_error
                                            WHEN $4 THEN NULL ELSE $5 END,
                          last_error_at = CASE WHEN $6 < agents.last_ack_at OR ($4 AND $3 = 0) THEN agents.last_error_at
                                               WHEN $4 THEN NULL ELSE $6 END,
                          last_ack_at = greatest(agents.last_ack_at, $6),
                          last_seen = now()
                        RETURNING (xmax = 0) AS inserted""")
                .execute(Tuple.from(new Object[]{ack.agentId(), ack.family().wireName(), ack.version(), ack.applied(),
                        ack.error(), at}))
                .map(rows -> rows.iterator().next().getBoolean("inserted"))
                // a new agent (or family) is a change of the panel, even while it only waits for a first model
                .flatMap(inserted -> tx.preparedQuery("""
                                INSERT INTO adapter_acks (agent_id, family, version, applied, error, acked_at)
                                SELECT $1::text, $2::text, $3::bigint, $4::boolean, $5::text, $6::timestamptz
                                WHERE NOT ($4 AND $3 = 0) AND (NOT $4 OR NOT EXISTS (SELECT 1 FROM adapter_acks a WHERE a.agent_id = $1 AND a.family = $2
                                                  AND a.id = (SELECT max(id) FROM adapter_acks b WHERE b.agent_id = $1 AND b.family = $2)
                                                  AND a.applied AND a.version = $3))""")
                        .execute(Tuple.from(new Object[]{ack.agentId(), ack.family().wireName(), ack.version(), ack.applied(),
                                ack.error(), at}))
                        .map(rows -> inserted || rows.rowCount() == 1));
    }

    /**
     * Every agent and family heard from, with the family's active version; {@code live} = heard within
     * {@code offlineAfter}. An agent that holds no model of a family yet (it heartbeats version 0) has no applied version.
     */
    public Uni<List<AgentRow>> list(Duration offlineAfter) {
        return pool.preparedQuery("""
                        SELECT a.*, s.version AS active_version,
                               a.last_seen > now() - make_interval(secs => $1) AS live
                        FROM agents a LEFT JOIN snapshots s ON s.family = a.family AND s.mode = 'active'
                        ORDER BY a.agent_id, a.family""")
                .execute(Tuple.of((double) offlineAfter.toMillis() / 1000.0))
                .map(rows -> {
                    List<AgentRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        Long applied = r.getLong("applied_version");
                        if (applied != null && applied == AdapterAck.NO_MODEL) {
                            applied = null; // subscribed, waiting for a first model
                        }
                        Long active = r.getLong("active_version");
                        out.add(new AgentRow(r.getString("agent_id"), ModelType.fromWire(r.getString("family")), applied,
                                active, applied != null && applied.equals(active), r.getBoolean("live"),
                                r.getString("last_error"), SnapshotRepository.instant(r, "last_error_at"),
                                SnapshotRepository.instant(r, "applied_at"), SnapshotRepository.instant(r, "last_seen")));
                    }
                    return out;
                });
    }

    /** The agent's kept acks (version changes and refusals), newest first; an error stays here after recovery. */
    public Uni<List<AckRow>> acks(String agentId, ModelType family, int limit) {
        return pool.preparedQuery("""
                        SELECT agent_id, family, version, applied, error, acked_at FROM adapter_acks
                        WHERE agent_id = $1 AND ($2::text IS NULL OR family = $2)
                        ORDER BY id DESC LIMIT $3""")
                .execute(Tuple.of(agentId, family == null ? null : family.wireName(), limit))
                .map(rows -> {
                    List<AckRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new AckRow(r.getString("agent_id"), ModelType.fromWire(r.getString("family")),
                                r.getLong("version"), r.getBoolean("applied"), r.getString("error"),
                                SnapshotRepository.instant(r, "acked_at")));
                    }
                    return out;
                });
    }
}
