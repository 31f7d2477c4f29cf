package io.thunderline.dataset.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.dataset.DatasetVersion;
import io.thunderline.dataset.StoredExample;
import io.thunderline.dataset.service.ChangeSummary;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dataset versions with their examples (one row each, the canonical CSV row as JSON by column name) and their
 * canonical CSV (stored in chunks of whole rows, so that neither writing nor exporting a large version needs it in
 * memory as one value).
 */
@ApplicationScoped
public class VersionRepository {
    private static final String SELECT_VERSION = "SELECT " + Rows.VERSION_COLUMNS + " FROM dataset_versions v ";

    private final Pool pool;

    public VersionRepository(Pool pool) {
        this.pool = pool;
    }

    /** Inserts examples {@code firstOrdinal, firstOrdinal + 1, …} in one statement; {@code fields} are JSON objects. */
    public Uni<Void> insertExamples(SqlClient tx, String datasetId, int version, int firstOrdinal, List<String> fields) {
        return tx.preparedQuery("INSERT INTO examples (dataset_id, version, ordinal, fields) "
                        + "SELECT $1, $2, $3 + t.o - 1, t.f::jsonb FROM unnest($4::text[]) WITH ORDINALITY AS t(f, o)")
                .execute(Tuple.of(datasetId, version, firstOrdinal, fields.toArray(String[]::new)))
                .replaceWithVoid();
    }

    public Uni<Void> insertCsvChunk(SqlClient tx, String datasetId, int version, int seq, String content) {
        return tx.preparedQuery("INSERT INTO version_csv_chunks (dataset_id, version, seq, content) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(datasetId, version, seq, content))
                .replaceWithVoid();
    }

    public Uni<Void> insert(SqlClient tx, DatasetVersion v) {
        return tx.preparedQuery("INSERT INTO dataset_versions (dataset_id, version, checksum, row_count, labels, task, "
                        + "change_summary, created_by, csv_bytes, source) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                .execute(Tuple.from(Arrays.asList(v.datasetId(), v.version(), v.checksum(), v.rowCount(),
                        new JsonObject(new LinkedHashMap<>(v.labels())), v.task(), v.changeSummary(), v.createdBy(),
                        v.csvBytes(), v.source())))
                .replaceWithVoid();
    }

    /**
     * How version {@code newer} differs from {@code older} of the same dataset, computed by the database from the
     * stored examples (both versions' examples must be visible to {@code tx}). For classification, a text whose
     * label changed counts as relabelled rather than as one added and one removed example.
     */
    public Uni<ChangeSummary.Diff> diff(SqlClient tx, String datasetId, int older, int newer, boolean classification) {
        Uni<long[]> addedRemoved = tx.preparedQuery("SELECT "
                        + "(SELECT count(*) FROM (SELECT fields FROM examples WHERE dataset_id = $1 AND version = $3 "
                        + "  EXCEPT SELECT fields FROM examples WHERE dataset_id = $1 AND version = $2) a), "
                        + "(SELECT count(*) FROM (SELECT fields FROM examples WHERE dataset_id = $1 AND version = $2 "
                        + "  EXCEPT SELECT fields FROM examples WHERE dataset_id = $1 AND version = $3) r)")
                .execute(Tuple.of(datasetId, older, newer))
                .map(rows -> {
                    var row = rows.iterator().next();
                    return new long[] {row.getLong(0), row.getLong(1)};
                });
        Uni<Long> relabelled = !classification ? Uni.createFrom().item(0L)
                : tx.preparedQuery("SELECT count(*) FROM examples n JOIN examples o ON o.dataset_id = n.dataset_id "
                                + "AND o.version = $2 AND o.fields->>'text' = n.fields->>'text' "
                                + "WHERE n.dataset_id = $1 AND n.version = $3 AND o.fields->>'label' <> n.fields->>'label'")
                        .execute(Tuple.of(datasetId, older, newer))
                        .map(rows -> rows.iterator().next().getLong(0));
        return addedRemoved.flatMap(ar -> relabelled.map(r -> new ChangeSummary.Diff(ar[0] - r, ar[1] - r, r)));
    }

    public Uni<Optional<DatasetVersion>> find(String datasetId, int version) {
        return find(pool, datasetId, version);
    }

    public Uni<Optional<DatasetVersion>> find(SqlClient client, String datasetId, int version) {
        return client.preparedQuery(SELECT_VERSION + "WHERE v.dataset_id = $1 AND v.version = $2")
                .execute(Tuple.of(datasetId, version))
                .map(rows -> DatasetRepository.first(rows).map(Rows::version));
    }

    /** Every version of a dataset, oldest first. */
    public Uni<List<DatasetVersion>> list(String datasetId) {
        return pool.preparedQuery(SELECT_VERSION + "WHERE v.dataset_id = $1 ORDER BY v.version")
                .execute(Tuple.of(datasetId))
                .map(rows -> {
                    List<DatasetVersion> list = new ArrayList<>();
                    rows.forEach(row -> list.add(Rows.version(row)));
                    return list;
                });
    }

    /** Examples {@code offset … offset + limit - 1} in file order, their fields in the order of {@code header}. */
    public Uni<List<StoredExample>> examples(String datasetId, int version, List<String> header, int limit, int offset) {
        return pool.preparedQuery("SELECT ordinal, fields FROM examples WHERE dataset_id = $1 AND version = $2 "
                        + "ORDER BY ordinal LIMIT $3 OFFSET $4")
                .execute(Tuple.of(datasetId, version, limit, offset))
                .map(rows -> {
                    List<StoredExample> list = new ArrayList<>();
                    rows.forEach(row -> {
                        JsonObject json = row.getJsonObject("fields");
                        Map<String, String> fields = new LinkedHashMap<>();
                        header.forEach(column -> fields.put(column, json.getString(column, "")));
                        list.add(new StoredExample(row.getInteger("ordinal"), fields));
                    });
                    return list;
                });
    }

    /** Chunk {@code seq} of a version's canonical CSV; empty after the last one. */
    public Uni<Optional<String>> csvChunk(String datasetId, int version, int seq) {
        return pool.preparedQuery("SELECT content FROM version_csv_chunks WHERE dataset_id = $1 AND version = $2 AND seq = $3")
                .execute(Tuple.of(datasetId, version, seq))
                .map(rows -> DatasetRepository.first(rows).map(row -> row.getString(0)));
    }
    /**
     * The examples of version {@code version} whose whole row is not in version {@code other}, in file order, at most
     * {@code limit} of them (ask for one more than you show to learn whether there are more).
     */
    public Uni<List<io.thunderline.dataset.service.VersionDiff.Row>> onlyIn(String datasetId, int version, int other,
                                                                          List<String> header, int limit) {
        return pool.preparedQuery("SELECT e.ordinal, e.fields FROM examples e WHERE e.dataset_id = $1 AND e.version = $2 "
                        + "AND NOT EXISTS (SELECT 1 FROM examples o WHERE o.dataset_id = $1 AND o.version = $3 "
                        + "AND o.fields = e.fields) ORDER BY e.ordinal LIMIT $4")
                .execute(Tuple.of(datasetId, version, other, limit))
                .map(rows -> {
                    List<io.thunderline.dataset.service.VersionDiff.Row> list = new ArrayList<>();
                    rows.forEach(row -> {
                        JsonObject json = row.getJsonObject("fields");
                        Map<String, String> fields = new LinkedHashMap<>();
                        header.forEach(column -> fields.put(column, json.getString(column, "")));
                        list.add(new io.thunderline.dataset.service.VersionDiff.Row(row.getInteger("ordinal"), fields));
                    });
                    return list;
                });
    }
}
