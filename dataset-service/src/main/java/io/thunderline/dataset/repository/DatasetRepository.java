package io.thunderline.dataset.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.dataset.parse.Example;
import io.thunderline.dataset.parse.ParseResult;
import io.thunderline.dataset.service.StoredVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@ApplicationScoped
public class DatasetRepository {
    private final Pool pool;

    public DatasetRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    public Uni<Void> insertDataset(SqlClient tx, String id, String name, String description, String modelType,
                                   String source, String createdBy) {
        return tx.preparedQuery("INSERT INTO datasets (id, name, description, model_type, source, created_by, latest_version) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, 1)")
                .execute(Tuple.of(id, name, description, modelType, source, createdBy))
                .replaceWithVoid();
    }

    public Uni<Void> insertVersion(SqlClient tx, StoredVersion v, ParseResult parsed, String csv, String createdBy) {
        Uni<Void> version = tx.preparedQuery("INSERT INTO dataset_versions (dataset_id, version, checksum, row_count, labels, "
                        + "task, change_summary, canonical_csv, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)")
                .execute(Tuple.from(List.of(v.datasetId(), v.version(), v.checksum(), v.rowCount(),
                        new JsonObject(new LinkedHashMap<>(v.labels())), parsed.taskDescription(), v.changeSummary(), csv,
                        createdBy)))
                .replaceWithVoid();
        List<String> header = parsed.csvHeader();
        List<Tuple> rows = new ArrayList<>();
        int ordinal = 0;
        for (Example example : parsed.examples()) {
            JsonObject fields = new JsonObject();
            List<String> values = example.csvRow();
            for (int i = 0; i < header.size(); i++) {
                fields.put(header.get(i), values.get(i));
            }
            rows.add(Tuple.of(v.datasetId(), v.version(), ordinal++, fields));
        }
        if (rows.isEmpty()) {
            return version;
        }
        return version.flatMap(x -> tx.preparedQuery("INSERT INTO examples (dataset_id, version, ordinal, fields) VALUES ($1,$2,$3,$4)")
                .executeBatch(rows).replaceWithVoid());
    }

    public record VersionRow(String datasetId, String name, String modelType, int version, int rowCount,
                             Map<String, Integer> labels, String checksum, String changeSummary, String task) {
    }

    public Uni<Optional<VersionRow>> findVersion(String datasetId, Integer version) {
        return pool.preparedQuery("SELECT d.id, d.name, d.model_type, v.version, v.row_count, v.labels, v.checksum, "
                        + "v.change_summary, v.task FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id "
                        + "WHERE d.id = $1 AND v.version = COALESCE($2, d.latest_version)")
                .execute(Tuple.of(datasetId, version))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(versionRow(it.next())) : Optional.empty();
                });
    }

    public Uni<Optional<String>> canonicalCsv(String datasetId, int version) {
        return pool.preparedQuery("SELECT canonical_csv FROM dataset_versions WHERE dataset_id = $1 AND version = $2")
                .execute(Tuple.of(datasetId, version))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next().getString(0)) : Optional.empty();
                });
    }

    private static VersionRow versionRow(Row row) {
        Map<String, Integer> labels = new LinkedHashMap<>();
        row.getJsonObject("labels").forEach(e -> labels.put(e.getKey(), ((Number) e.getValue()).intValue()));
        return new VersionRow(row.getString("id"), row.getString("name"), row.getString("model_type"),
                row.getInteger("version"), row.getInteger("row_count"), labels, row.getString("checksum"),
                row.getString("change_summary"), row.getString("task"));
    }
}
