package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.DriftRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class DriftRepository {
    private final Pool pool;

    public DriftRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient tx, ModelType family, long version, long activeVersion, double p95, double psi,
                            int samples, double threshold, DriftVerdict verdict) {
        return tx.preparedQuery("INSERT INTO drift_reports (family, version, active_version, p95, psi, samples, threshold, verdict) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(new Object[]{family.wireName(), version, activeVersion, p95, psi, samples, threshold,
                        verdict.wireName()}))
                .replaceWithVoid();
    }

    public Uni<List<DriftRow>> list(ModelType family, Long version, int limit) {
        return pool.preparedQuery("SELECT * FROM drift_reports WHERE ($1::text IS NULL OR family = $1) "
                        + "AND ($2::bigint IS NULL OR version = $2) ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(family == null ? null : family.wireName(), version, limit))
                .map(rows -> {
                    List<DriftRow> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new DriftRow(r.getLong("id"), ModelType.fromWire(r.getString("family")), r.getLong("version"),
                                r.getLong("active_version"), r.getDouble("p95"), r.getDouble("psi"), r.getInteger("samples"),
                                r.getDouble("threshold"), DriftVerdict.fromWire(r.getString("verdict")),
                                SnapshotRepository.instant(r, "created_at")));
                    }
                    return out;
                });
    }
}
