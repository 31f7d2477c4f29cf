package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.upm.domain.SnapshotRow;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class SnapshotRepository {
    private static final String COLUMNS = "snapshot_id, family, version, checksum, windows, examples, labels, metrics, "
            + "status, mode, state_encoding, state_bytes, state IS NOT NULL AS kept, taken_at, created_at, activated_at, "
            + "status_at, canary_agents";

    private final Pool pool;

    public SnapshotRepository(Pool pool) {
        this.pool = pool;
    }

    public record NewSnapshot(ModelType family, long version, String checksum, int windows, long examples,
                              List<String> labels, Map<String, Double> metrics, String stateEncoding, byte[] state,
                              Instant takenAt) {
        public String snapshotId() {
            return family.wireName() + "-v" + version;
        }
    }

    public Uni<Void> insert(SqlClient tx, NewSnapshot s) {
        return tx.preparedQuery("INSERT INTO snapshots (snapshot_id, family, version, checksum, windows, examples, labels, "
                        + "metrics, status, mode, state, state_encoding, state_bytes, taken_at) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
                .execute(Tuple.from(new Object[]{s.snapshotId(), s.family().wireName(), s.version(), s.checksum(), s.windows(),
                        s.examples(), s.labels().toArray(String[]::new), new JsonObject(new LinkedHashMap<>(s.metrics())),
                        SnapshotStatus.CREATED.wireName(), SnapshotMode.SHADOW.wireName(), Buffer.buffer(s.state()),
                        s.stateEncoding(), s.state().length, OffsetDateTime.ofInstant(s.takenAt(), java.time.ZoneOffset.UTC)}))
                .replaceWithVoid();
    }

    public Uni<Long> nextVersion(ModelType family) {
        return pool.preparedQuery("SELECT coalesce(max(version), 0) + 1 AS v FROM snapshots WHERE family = $1")
                .execute(Tuple.of(family.wireName())).map(rows -> rows.iterator().next().getLong("v"));
    }

    public Uni<Optional<SnapshotRow>> find(ModelType family, long version) {
        return find(pool, family, version);
    }

    public Uni<Optional<SnapshotRow>> find(SqlClient client, ModelType family, long version) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM snapshots WHERE family = $1 AND version = $2")
                .execute(Tuple.of(family.wireName(), version)).map(SnapshotRepository::first);
    }

    public Uni<Optional<SnapshotRow>> active(ModelType family) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM snapshots WHERE family = $1 AND mode = 'active'")
                .execute(Tuple.of(family.wireName())).map(SnapshotRepository::first);
    }

    public Uni<List<SnapshotRow>> list(ModelType family, SnapshotStatus status, int limit, int offset) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM snapshots WHERE ($1::text IS NULL OR family = $1) "
                        + "AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC, version DESC LIMIT $3 OFFSET $4")
                .execute(Tuple.of(family == null ? null : family.wireName(), status == null ? null : status.wireName(),
                        limit, offset))
                .map(SnapshotRepository::all);
    }

    public record State(String encoding, byte[] bytes, String checksum) {
    }

    /** The stored model of a snapshot; empty once archived. */
    public Uni<Optional<State>> state(ModelType family, long version) {
        return pool.preparedQuery("SELECT state_encoding, state, checksum FROM snapshots WHERE family = $1 AND version = $2 "
                        + "AND state IS NOT NULL")
                .execute(Tuple.of(family.wireName(), version))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
                        new State(r.getString("state_encoding"), r.getBuffer("state").getBytes(), r.getString("checksum"))));
    }

    public Uni<Void> setStatus(SqlClient tx, ModelType family, long version, SnapshotStatus status) {
        return tx.preparedQuery("UPDATE snapshots SET status = $3, status_at = clock_timestamp() WHERE family = $1 AND version = $2")
                .execute(Tuple.of(family.wireName(), version, status.wireName())).replaceWithVoid();
    }

    /** The family's canary, if one is being served. */
    public Uni<Optional<SnapshotRow>> canary(ModelType family) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM snapshots WHERE family = $1 AND mode = 'canary'")
                .execute(Tuple.of(family.wireName())).map(SnapshotRepository::first);
    }

    /** Serves a snapshot to {@code agents} only; a canary served before goes back to shadow. */
    public Uni<Void> startCanary(SqlClient tx, ModelType family, long version, List<String> agents) {
        return endCanary(tx, family)
                .flatMap(ignored -> tx.preparedQuery("UPDATE snapshots SET mode = 'canary', canary_agents = $3, "
                                + "status_at = clock_timestamp() WHERE family = $1 AND version = $2")
                        .execute(Tuple.of(family.wireName(), version, agents.toArray(String[]::new))))
                .replaceWithVoid();
    }

    /** No canary any more (it was promoted or called off): its snapshot goes back to shadow. */
    public Uni<Void> endCanary(SqlClient tx, ModelType family) {
        return tx.preparedQuery("UPDATE snapshots SET mode = 'shadow', canary_agents = NULL WHERE family = $1 AND mode = 'canary'")
                .execute(Tuple.of(family.wireName())).replaceWithVoid();
    }

    /** Makes a snapshot the served one: the one served before (and any canary) goes back to shadow. */
    public Uni<Void> activate(SqlClient tx, ModelType family, long version) {
        return tx.preparedQuery("UPDATE snapshots SET mode = 'shadow', canary_agents = NULL WHERE family = $1 "
                        + "AND mode IN ('active', 'canary')")
                .execute(Tuple.of(family.wireName()))
                .flatMap(ignored -> tx.preparedQuery("UPDATE snapshots SET mode = 'active', status = 'activated', "
                                + "activated_at = clock_timestamp(), status_at = clock_timestamp() WHERE family = $1 AND version = $2")
                        .execute(Tuple.of(family.wireName(), version)))
                .replaceWithVoid();
    }

    /** Marks every live snapshot newer than {@code version} rolled back; returns them. */
    public Uni<List<SnapshotRow>> rollBackAfter(SqlClient tx, ModelType family, long version) {
        return tx.preparedQuery("UPDATE snapshots SET status = 'rolled_back', mode = 'shadow', status_at = clock_timestamp() "
                        + "WHERE family = $1 AND version > $2 AND status IN ('created', 'activated', 'quarantined') "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(family.wireName(), version)).map(SnapshotRepository::all);
    }

    /** Archives (drops the weights of) snapshots older than the cutoff, keeping the active one and each family's last K. */
    public Uni<List<SnapshotRow>> archive(SqlClient tx, Instant cutoff, int keepLast) {
        return tx.preparedQuery("""
                        UPDATE snapshots s SET status = 'archived', state = NULL, status_at = clock_timestamp()
                        FROM (SELECT snapshot_id, row_number() OVER (PARTITION BY family ORDER BY version DESC) AS rank
                              FROM snapshots) r
                        WHERE s.snapshot_id = r.snapshot_id AND s.created_at < $1 AND r.rank > $2
                          AND s.mode <> 'active' AND s.status <> 'archived'
                        RETURNING s.snapshot_id, s.family, s.version, s.checksum, s.windows, s.examples, s.labels, s.metrics,
                                  s.status, s.mode, s.state_encoding, s.state_bytes, false AS kept, s.taken_at, s.created_at,
                                  s.activated_at, s.status_at, s.canary_agents""")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, java.time.ZoneOffset.UTC), keepLast))
                .map(SnapshotRepository::all);
    }

    private static Optional<SnapshotRow> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next()));
    }

    private static List<SnapshotRow> all(RowSet<Row> rows) {
        List<SnapshotRow> out = new ArrayList<>();
        rows.forEach(r -> out.add(map(r)));
        return out;
    }

    static SnapshotRow map(Row r) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonObject json = r.getJsonObject("metrics");
        if (json != null) {
            json.forEach(e -> metrics.put(e.getKey(), e.getValue() == null ? null : ((Number) e.getValue()).doubleValue()));
        }
        return new SnapshotRow(r.getString("snapshot_id"), ModelType.fromWire(r.getString("family")), r.getLong("version"),
                r.getString("checksum"), r.getInteger("windows"), r.getLong("examples"),
                Arrays.asList(r.getArrayOfStrings("labels")), metrics, SnapshotStatus.fromWire(r.getString("status")),
                SnapshotMode.fromWire(r.getString("mode")), r.getString("state_encoding"), r.getInteger("state_bytes"),
                r.getBoolean("kept"), instant(r, "taken_at"), instant(r, "created_at"), instant(r, "activated_at"), instant(r, "status_at"),
                r.getArrayOfStrings("canary_agents") == null ? null : Arrays.asList(r.getArrayOfStrings("canary_agents")));
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }
}
