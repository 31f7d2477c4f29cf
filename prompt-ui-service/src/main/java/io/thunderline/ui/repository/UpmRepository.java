package io.thunderline.ui.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.DriftReport;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.UpmStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The UPM panel's last known state: the latest upm.status and the latest drift report per model family. */
@ApplicationScoped
public class UpmRepository {
    private final Pool pool;

    public UpmRepository(Pool pool) {
        this.pool = pool;
    }

    /** Keeps the status unless a newer one is already stored (messages of two partitions may cross). */
    public Uni<Void> saveStatus(SqlClient tx, UpmStatus status) {
        return tx.preparedQuery("""
                        INSERT INTO upm_status (id, body, at) VALUES (1, $1, $2)
                        ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, at = EXCLUDED.at WHERE upm_status.at <= EXCLUDED.at""")
                .execute(Tuple.of(new JsonObject(EventCodec.toJson(status)), status.at().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Void> saveDrift(SqlClient tx, DriftReport drift) {
        return tx.preparedQuery("""
                        INSERT INTO upm_drift (family, version, body, at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (family) DO UPDATE SET version = EXCLUDED.version, body = EXCLUDED.body, at = EXCLUDED.at
                        WHERE upm_drift.at <= EXCLUDED.at""")
                .execute(Tuple.of(drift.family().wireName(), drift.version(), new JsonObject(EventCodec.toJson(drift)),
                        drift.at().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Optional<UpmStatus>> lastStatus() {
        return pool.query("SELECT body FROM upm_status WHERE id = 1").execute()
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(EventCodec.fromJson(it.next().getJsonObject(0).encode(), UpmStatus.class))
                            : Optional.<UpmStatus>empty();
                });
    }

    public Uni<List<DriftReport>> lastDrift() {
        return pool.query("SELECT body FROM upm_drift ORDER BY family").execute()
                .map(rows -> {
                    List<DriftReport> out = new ArrayList<>();
                    rows.forEach(r -> out.add(EventCodec.fromJson(r.getJsonObject(0).encode(), DriftReport.class)));
                    return out;
                });
    }
}
