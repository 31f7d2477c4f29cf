package io.thunderline.dataset.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.Dataset;
import io.thunderline.dataset.Page;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The datasets table: one row per dataset, pointing at its latest version. */
@ApplicationScoped
public class DatasetRepository {
    private static final String WITH_LATEST = "SELECT " + Rows.DATASET_COLUMNS + ", " + Rows.VERSION_COLUMNS
            + " FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id AND v.version = d.latest_version ";
    private static final String LIST_FILTER = "WHERE d.deleted_at IS NULL AND ($1::text IS NULL OR d.model_type = $1) "
            + "AND ($2::text IS NULL OR d.created_by = $2) ";

    private final Pool pool;

    public DatasetRepository(Pool pool) {
        this.pool = pool;
    }

    /** A new dataset with no version yet ({@code latest_version} 0 until {@link #markLatest}). */
    public Uni<Void> insert(SqlClient tx, String id, String name, String description, ModelType modelType,
                            String source, String createdBy) {
        return tx.preparedQuery("INSERT INTO datasets (id, name, description, model_type, source, created_by, "
                        + "latest_version) VALUES ($1, $2, $3, $4, $5, $6, 0)")
                .execute(Tuple.from(Arrays.asList(id, name, description, modelType.wireName(), source, createdBy)))
                .replaceWithVoid();
    }

    /** The dataset, locked until the transaction ends, so that two new versions of it are made one after the other. */
    public Uni<Optional<DatasetRow>> lock(SqlClient tx, String id) {
        return tx.preparedQuery("SELECT id, name, model_type, description, deleted_at, latest_version FROM datasets "
                        + "WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .map(rows -> first(rows).map(DatasetRepository::datasetRow));
    }

    /** Points the dataset at its new latest version; a non-null description replaces the old one. */
    public Uni<Void> markLatest(SqlClient tx, String id, int version, String description) {
        return tx.preparedQuery("UPDATE datasets SET latest_version = $2, updated_at = now(), "
                        + "description = COALESCE($3, description) WHERE id = $1")
                .execute(Tuple.of(id, version, description))
                .replaceWithVoid();
    }

    /** Any dataset, deleted or not (jobs keep referring to deleted ones). */
    public Uni<Optional<Dataset>> find(String id) {
        return pool.preparedQuery(WITH_LATEST + "WHERE d.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows).map(Rows::dataset));
    }

    /** The model type of a dataset, deleted or not. */
    public Uni<Optional<ModelType>> modelType(String id) {
        return pool.preparedQuery("SELECT model_type FROM datasets WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows).map(row -> ModelType.fromWire(row.getString(0))));
    }

    /** Datasets that are not deleted, newest first, optionally of one model type and/or one creator. */
    public Uni<Page<Dataset>> list(ModelType modelType, String createdBy, int limit, int offset) {
        String type = modelType == null ? null : modelType.wireName();
        Uni<Long> total = pool.preparedQuery("SELECT count(*) FROM datasets d " + LIST_FILTER)
                .execute(Tuple.of(type, createdBy))
                .map(rows -> rows.iterator().next().getLong(0));
        Uni<List<Dataset>> items = pool.preparedQuery(WITH_LATEST + LIST_FILTER
                        + "ORDER BY d.created_at DESC, d.id LIMIT $3 OFFSET $4")
                .execute(Tuple.of(type, createdBy, limit, offset))
                .map(rows -> {
                    List<Dataset> list = new ArrayList<>();
                    rows.forEach(row -> list.add(Rows.dataset(row)));
                    return list;
                });
        return Uni.combine().all().unis(items, total).asTuple()
                .map(t -> new Page<>(t.getItem1(), t.getItem2(), limit, offset));
    }

    /** Marks the dataset deleted (the first deletion time is kept); false when there is no such dataset. */
    public Uni<Boolean> softDelete(String id) {
        return pool.preparedQuery("UPDATE datasets SET deleted_at = COALESCE(deleted_at, now()) WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    private static DatasetRow datasetRow(Row row) {
        return new DatasetRow(row.getString("id"), row.getString("name"), ModelType.fromWire(row.getString("model_type")),
                row.getString("description"), Rows.instant(row.getOffsetDateTime("deleted_at")),
                row.getInteger("latest_version"));
    }

    static Optional<Row> first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
    }
}
