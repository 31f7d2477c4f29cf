package io.thunderline.dataset.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.Template;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The templates library, seeded by a migration (V3). */
@ApplicationScoped
public class TemplateRepository {
    private final Pool pool;

    public TemplateRepository(Pool pool) {
        this.pool = pool;
    }

    /** All templates, or those of one model type, in the library's order. */
    public Uni<List<Template>> list(ModelType modelType) {
        return pool.preparedQuery("SELECT id, name, model_type, description, text FROM templates "
                        + "WHERE $1::text IS NULL OR model_type = $1 ORDER BY position, id")
                .execute(Tuple.of(modelType == null ? null : modelType.wireName()))
                .map(rows -> {
                    List<Template> list = new ArrayList<>();
                    rows.forEach(row -> list.add(template(row)));
                    return list;
                });
    }

    public Uni<Optional<Template>> find(String id) {
        return pool.preparedQuery("SELECT id, name, model_type, description, text FROM templates WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> DatasetRepository.first(rows).map(TemplateRepository::template));
    }

    private static Template template(Row row) {
        return new Template(row.getString("id"), row.getString("name"), ModelType.fromWire(row.getString("model_type")),
                row.getString("description"), row.getString("text"));
    }
}
