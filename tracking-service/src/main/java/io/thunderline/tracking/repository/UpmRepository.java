package io.thunderline.tracking.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.SnapshotEvent;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.tracking.domain.MetricPoint;
import io.thunderline.tracking.domain.RunState;
import io.thunderline.tracking.domain.SnapshotMapping.StatusChange;
import io.thunderline.tracking.domain.SnapshotRow;
import io.thunderline.tracking.domain.UpmFamilyRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.thunderline.tracking.repository.RunRepository.instant;
import static io.thunderline.tracking.repository.RunRepository.utc;

/** UPM families and snapshots as mirrored to MLflow: upm_families, upm_snapshots, their events and metrics. */
@ApplicationScoped
public class UpmRepository {
    private final Pool pool;

    public UpmRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Makes sure the family has a row and locks it for the caller's transaction: a family's snapshot events are then
     * recorded one at a time (which version is served is decided across its snapshots).
     */
    public Uni<UpmFamilyRow> lockFamily(SqlClient tx, String family) {
        return tx.preparedQuery("INSERT INTO upm_families (family) VALUES ($1) ON CONFLICT (family) DO NOTHING")
                .execute(Tuple.of(family))
                .flatMap(ignored -> tx.preparedQuery("SELECT * FROM upm_families WHERE family = $1 FOR UPDATE")
                        .execute(Tuple.of(family)))
                .map(rows -> family(rows.iterator().next()));
    }

    /** Records a status event once per (snapshot, status, time); false when it was seen before. */
    public Uni<Boolean> recordEvent(SqlClient tx, SnapshotEvent e) {
        return tx.preparedQuery("""
                        INSERT INTO upm_snapshot_events (family, version, status, at, mode) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (family, version, status, at) DO NOTHING""")
                .execute(Tuple.of(e.family().wireName(), e.version(), e.status().wireName(), utc(e.at()),
                        e.mode().wireName()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The snapshot's status history, oldest first. */
    public Uni<List<StatusChange>> history(SqlClient tx, String family, long version) {
        return tx.preparedQuery("""
                        SELECT status, mode, at FROM upm_snapshot_events WHERE family = $1 AND version = $2
                        ORDER BY at, seen_at""")
                .execute(Tuple.of(family, version))
                .map(rows -> rows.stream().map(r -> new StatusChange(SnapshotStatus.fromWire(r.getString("status")),
                        SnapshotMode.fromWire(r.getString("mode")), instant(r.getOffsetDateTime("at")))).toList());
    }

    /** A snapshot first seen: its row, with the event as its newest status. */
    public Uni<Void> insertSnapshot(SqlClient tx, SnapshotEvent e, RunState decided) {
        return tx.preparedQuery("""
                        INSERT INTO upm_snapshots (family, version, snapshot_id, checksum, windows, initial_mode, first_at,
                                                   status, mode, status_at, decided_state)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6, $7, $9)""")
                .execute(Tuple.from(Arrays.asList(e.family().wireName(), e.version(), e.snapshotId(), e.checksum(),
                        e.windows(), e.mode().wireName(), utc(e.at()), e.status().wireName(), decided.name())))
                .replaceWithVoid();
    }

    /** The snapshot's newest status (the caller checked that the event is not older than the one recorded). */
    public Uni<Void> recordStatus(SqlClient tx, SnapshotEvent e, RunState decided) {
        return tx.preparedQuery("""
                        UPDATE upm_snapshots SET status = $3, mode = $4, status_at = $5, decided_state = $6, updated_at = now()
                        WHERE family = $1 AND version = $2""")
                .execute(Tuple.from(Arrays.asList(e.family().wireName(), e.version(), e.status().wireName(),
                        e.mode().wireName(), utc(e.at()), decided.name())))
                .replaceWithVoid();
    }

    /** Another version took over serving: this one is back in shadow mode (upm-service sends no event for that). */
    public Uni<Void> recordMode(SqlClient tx, String family, long version, SnapshotMode mode) {
        return tx.preparedQuery("UPDATE upm_snapshots SET mode = $3, updated_at = now() WHERE family = $1 AND version = $2")
                .execute(Tuple.of(family, version, mode.wireName()))
                .replaceWithVoid();
    }

    /** Stores metric points the snapshot did not have yet; returns the keys that were new. */
    public Uni<Set<String>> insertMetrics(SqlClient tx, String family, long version, List<MetricPoint> points) {
        if (points.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String[] keys = points.stream().map(MetricPoint::key).toArray(String[]::new);
        Double[] values = points.stream().map(MetricPoint::value).toArray(Double[]::new);
        Instant at = Instant.ofEpochMilli(points.get(0).timestamp());
        return tx.preparedQuery("""
                        INSERT INTO upm_snapshot_metrics (family, version, key, value, at)
                        SELECT $1, $2, k, v, $5 FROM unnest($3::text[], $4::float8[]) AS m(k, v)
                        ON CONFLICT (family, version, key) DO NOTHING RETURNING key""")
                .execute(Tuple.of(family, version, keys, values, utc(at)))
                .map(rows -> rows.stream().map(r -> r.getString("key")).collect(Collectors.toSet()));
    }

    public Uni<Void> recordActive(SqlClient tx, String family, long version, Instant at) {
        return tx.preparedQuery("UPDATE upm_families SET active_version = $2, active_at = $3 WHERE family = $1")
                .execute(Tuple.of(family, version, utc(at)))
                .replaceWithVoid();
    }

    public Uni<Void> recordLatest(SqlClient tx, String family, long version) {
        return tx.preparedQuery("UPDATE upm_families SET latest_version = $2 WHERE family = $1")
                .execute(Tuple.of(family, version))
                .replaceWithVoid();
    }

    public Uni<Void> recordHistoryRun(SqlClient tx, String family, String experimentId, String runId, String runUrl) {
        return tx.preparedQuery("""
                        UPDATE upm_families SET experiment_id = $2, history_run_id = $3, history_run_url = $4
                        WHERE family = $1""")
                .execute(Tuple.of(family, experimentId, runId, runUrl))
                .replaceWithVoid();
    }

    public Uni<Void> recordRun(SqlClient tx, String family, long version, String experimentId, String runId,
                               String runUrl, RunState state) {
        return tx.preparedQuery("""
                        UPDATE upm_snapshots SET experiment_id = $3, run_id = $4, run_url = $5, run_state = $6,
                                                 updated_at = now()
                        WHERE family = $1 AND version = $2""")
                .execute(Tuple.from(Arrays.asList(family, version, experimentId, runId, runUrl, state.name())))
                .replaceWithVoid();
    }

    public Uni<Void> recordRunState(SqlClient tx, String family, long version, RunState state) {
        return tx.preparedQuery("UPDATE upm_snapshots SET run_state = $3, updated_at = now() WHERE family = $1 AND version = $2")
                .execute(Tuple.of(family, version, state.name()))
                .replaceWithVoid();
    }

    public Uni<Optional<SnapshotRow>> findSnapshot(SqlClient client, String family, long version) {
        return client.preparedQuery("SELECT * FROM upm_snapshots WHERE family = $1 AND version = $2")
                .execute(Tuple.of(family, version))
                .map(UpmRepository::firstSnapshot);
    }

    public Uni<Optional<SnapshotRow>> findSnapshot(String family, long version) {
        return pool.preparedQuery("SELECT * FROM upm_snapshots WHERE family = $1 AND version = $2")
                .execute(Tuple.of(family, version))
                .map(UpmRepository::firstSnapshot);
    }

    public Uni<Optional<UpmFamilyRow>> findFamily(SqlClient client, String family) {
        return client.preparedQuery("SELECT * FROM upm_families WHERE family = $1").execute(Tuple.of(family))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(family(rows.iterator().next())));
    }

    /** Snapshots, a family's or all, newest version first. */
    public Uni<List<SnapshotRow>> snapshots(String family, int limit, int offset) {
        return pool.preparedQuery("""
                        SELECT * FROM upm_snapshots WHERE $1::text IS NULL OR family = $1
                        ORDER BY family, version DESC LIMIT $2 OFFSET $3""")
                .execute(Tuple.of(family, limit, offset))
                .map(rows -> rows.stream().map(UpmRepository::snapshot).toList());
    }

    public Uni<List<UpmFamilyRow>> families() {
        return pool.preparedQuery("SELECT * FROM upm_families ORDER BY family").execute()
                .map(rows -> rows.stream().map(UpmRepository::family).toList());
    }

    /** Metrics of snapshots: "family/version" → (key → value), keys sorted. */
    public Uni<Map<String, Map<String, Double>>> metrics(String family) {
        return pool.preparedQuery("""
                        SELECT family, version, key, value FROM upm_snapshot_metrics WHERE $1::text IS NULL OR family = $1
                        ORDER BY family, version, key""")
                .execute(Tuple.of(family))
                .map(rows -> {
                    Map<String, Map<String, Double>> bySnapshot = new LinkedHashMap<>();
                    for (Row r : rows) {
                        bySnapshot.computeIfAbsent(r.getString("family") + "/" + r.getLong("version"), k -> new TreeMap<>())
                                .put(r.getString("key"), r.getDouble("value"));
                    }
                    return bySnapshot;
                });
    }

    private static Optional<SnapshotRow> firstSnapshot(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(snapshot(it.next())) : Optional.empty();
    }

    static SnapshotRow snapshot(Row r) {
        return new SnapshotRow(r.getString("family"), r.getLong("version"), r.getString("snapshot_id"),
                r.getString("checksum"), r.getInteger("windows"), r.getString("initial_mode"),
                instant(r.getOffsetDateTime("first_at")), r.getString("status"), r.getString("mode"),
                instant(r.getOffsetDateTime("status_at")), RunState.valueOf(r.getString("decided_state")),
                r.getString("run_state"), r.getString("experiment_id"), r.getString("run_id"), r.getString("run_url"));
    }

    static UpmFamilyRow family(Row r) {
        return new UpmFamilyRow(r.getString("family"), r.getLong("active_version"),
                instant(r.getOffsetDateTime("active_at")), r.getLong("latest_version"), r.getString("experiment_id"),
                r.getString("history_run_id"), r.getString("history_run_url"));
    }
}
