package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.AdapterRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class AdapterRepository {
    private final Pool pool;

    public AdapterRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(SqlClient tx, ModelType family, long version, Long baseVersion, String kind, String checksum,
                            String encoding, int payloadBytes, int changedWeights, String reason, List<String> targets) {
        return tx.preparedQuery("INSERT INTO adapters (family, version, base_version, kind, checksum, encoding, payload_bytes, "
                        + "changed_weights, reason, targets) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.from(new Object[]{family.wireName(), version, baseVersion, kind, checksum, encoding,
                        payloadBytes, changedWeights, reason, targets == null ? null : targets.toArray(String[]::new)}))
                .replaceWithVoid();
    }

    /** The latest adapter for every agent of the family (canaries aside): what the compacted topic's family key holds. */
    public Uni<Optional<AdapterRow>> latest(ModelType family) {
        return pool.preparedQuery("SELECT * FROM adapters WHERE family = $1 AND targets IS NULL ORDER BY id DESC LIMIT 1")
                .execute(Tuple.of(family.wireName()))
                .map(rows -> all(rows).stream().findFirst());
    }

    public Uni<List<AdapterRow>> list(ModelType family, int limit) {
        return pool.preparedQuery("SELECT * FROM adapters WHERE ($1::text IS NULL OR family = $1) ORDER BY id DESC LIMIT $2")
                .execute(Tuple.of(family == null ? null : family.wireName(), limit))
                .map(AdapterRepository::all);
    }

    private static List<AdapterRow> all(RowSet<Row> rows) {
        List<AdapterRow> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new AdapterRow(r.getLong("id"), ModelType.fromWire(r.getString("family")), r.getLong("version"),
                    r.getLong("base_version"), r.getString("kind"), r.getString("checksum"), r.getString("encoding"),
                    r.getInteger("payload_bytes"), r.getInteger("changed_weights"), r.getString("reason"),
                    SnapshotRepository.instant(r, "published_at"),
                    r.getArrayOfStrings("targets") == null ? null : java.util.Arrays.asList(r.getArrayOfStrings("targets"))));
        }
        return out;
    }
}
