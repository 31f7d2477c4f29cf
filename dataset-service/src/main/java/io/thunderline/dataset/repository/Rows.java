package io.thunderline.dataset.repository;

import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.Dataset;
import io.thunderline.dataset.DatasetVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps result rows to the records callers see. Column names are those of the SELECTs in this package. */
final class Rows {
    /** The dataset columns, prefixed {@code d.}, followed by {@link #VERSION_COLUMNS} of its latest version. */
    static final String DATASET_COLUMNS = "d.id, d.name, d.description, d.model_type, d.source AS dataset_source, "
            + "d.created_by AS dataset_created_by, d.created_at AS dataset_created_at, d.updated_at, d.deleted_at, "
            + "d.latest_version";
    static final String VERSION_COLUMNS = "v.dataset_id, v.version, v.row_count, v.labels, v.checksum, v.csv_bytes, "
            + "v.task, v.change_summary, v.source, v.created_by, v.created_at";

    private Rows() {
    }

    static Dataset dataset(Row row) {
        ModelType type = ModelType.fromWire(row.getString("model_type"));
        String createdBy = row.getString("dataset_created_by");
        return new Dataset(row.getString("id"), row.getString("name"), row.getString("description"), type,
                Dataset.metadata(row.getString("dataset_source"), type, createdBy),
                instant(row.getOffsetDateTime("dataset_created_at")), instant(row.getOffsetDateTime("updated_at")),
                instant(row.getOffsetDateTime("deleted_at")), row.getInteger("latest_version"), version(row));
    }

    static DatasetVersion version(Row row) {
        return new DatasetVersion(row.getString("dataset_id"), row.getInteger("version"), row.getInteger("row_count"),
                labels(row.getJsonObject("labels")), row.getString("checksum"), row.getLong("csv_bytes"),
                row.getString("task"), row.getString("change_summary"), row.getString("source"),
                row.getString("created_by"), instant(row.getOffsetDateTime("created_at")));
    }

    /** JSONB does not keep key order: label counts come back sorted by count (descending), then by label. */
    static Map<String, Integer> labels(JsonObject json) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>();
        json.forEach(e -> entries.add(Map.entry(e.getKey(), ((Number) e.getValue()).intValue())));
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> labels = new LinkedHashMap<>();
        entries.forEach(e -> labels.put(e.getKey(), e.getValue()));
        return labels;
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
