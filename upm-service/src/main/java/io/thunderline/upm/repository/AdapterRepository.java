package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.AdapterRow;
import io.vertx.core.buffer.Buffer;
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

    /** An adapter as published; {@code payload} holds its compressed bytes when agents fetch them (else null). */
    public record NewAdapter(ModelType family, long version, Long baseVersion, String kind, String checksum,
                             String encoding, int payloadBytes, int changedWeights, String reason, List<String> targets,
                             byte[] payload) {
    }

    /** Newest payloads kept per family slot (every agent, or a canary's): older records' bytes are dropped. */
    static final int PAYLOADS_KEPT = 3;

    public Uni<Void> insert(SqlClient tx, NewAdapter a) {
        Uni<Void> inserted = tx.preparedQuery("INSERT INTO adapters (family, version, base_version, kind, checksum, encoding, "
                        + "payload_bytes, changed_weights, reason, targets, payload) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                .execute(Tuple.from(new Object[]{a.family().wireName(), a.version(), a.baseVersion(), a.kind(), a.checksum(),
                        a.encoding(), a.payloadBytes(), a.changedWeights(), a.reason(),
                        a.targets() == null ? null : a.targets().toArray(String[]::new),
                        a.payload() == null ? null : Buffer.buffer(a.payload())}))
                .replaceWithVoid();
        if (a.payload() == null) {
            return inserted;
        }
        return inserted.flatMap(v -> tx.preparedQuery("UPDATE adapters SET payload = NULL WHERE family = $1 "
                        + "AND (targets IS NULL) = $2 AND payload IS NOT NULL AND id NOT IN (SELECT id FROM adapters "
                        + "WHERE family = $1 AND (targets IS NULL) = $2 AND payload IS NOT NULL ORDER BY id DESC LIMIT $3)")
                .execute(Tuple.of(a.family().wireName(), a.targets() == null, PAYLOADS_KEPT)).replaceWithVoid());
    }

    /** A stored adapter payload: its encoding, the SHA-256 of the bytes and the bytes. */
    public record Payload(String encoding, String checksum, byte[] bytes) {
    }

    /** The newest kept payload of the family's version (with {@code checksum}: exactly those bytes). */
    public Uni<Optional<Payload>> payload(ModelType family, long version, String checksum) {
        return pool.preparedQuery("SELECT encoding, checksum, payload FROM adapters WHERE family = $1 AND version = $2 "
                        + "AND payload IS NOT NULL AND ($3::text IS NULL OR checksum = $3) ORDER BY id DESC LIMIT 1")
                .execute(Tuple.of(family.wireName(), version, checksum))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
                        new Payload(r.getString("encoding"), r.getString("checksum"), r.getBuffer("payload").getBytes())));
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
