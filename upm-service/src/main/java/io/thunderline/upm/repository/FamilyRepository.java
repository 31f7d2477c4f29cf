package io.thunderline.upm.repository;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.domain.FamilyRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class FamilyRepository {
    private final Pool pool;

    public FamilyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<FamilyRow>> find(ModelType family) {
        return find(pool, family);
    }

    public Uni<Optional<FamilyRow>> find(SqlClient client, ModelType family) {
        return client.preparedQuery("SELECT * FROM families WHERE family = $1").execute(Tuple.of(family.wireName()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    public Uni<List<FamilyRow>> all() {
        return pool.query("SELECT * FROM families ORDER BY family").execute().map(rows -> {
            List<FamilyRow> out = new ArrayList<>();
            rows.forEach(r -> out.add(map(r)));
            return out;
        });
    }

    /** Creates the family on its first window (the capacity is fixed from then on). */
    public Uni<Void> ensure(SqlClient tx, ModelType family, int dims, int capacity) {
        return tx.preparedQuery("INSERT INTO families (family, dims, label_capacity) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(family.wireName(), dims, capacity)).replaceWithVoid();
    }

    /**
     * Adds the labels not yet in the family's vocabulary, in order of appearance. A label beyond the family's capacity
     * is refused (the window goes to the dead-letter topic and nothing of it is stored).
     */
    public Uni<Void> addLabels(SqlClient tx, ModelType family, List<String> windowLabels) {
        return tx.preparedQuery("SELECT dims, labels, label_capacity FROM families WHERE family = $1 FOR UPDATE")
                .execute(Tuple.of(family.wireName()))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    List<String> labels = new ArrayList<>(Arrays.asList(row.getArrayOfStrings("labels")));
                    int capacity = row.getInteger("label_capacity");
                    Set<String> fresh = new LinkedHashSet<>(windowLabels);
                    fresh.removeAll(labels);
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    labels.addAll(fresh);
                    if (labels.size() > capacity) {
                        throw new InvalidEventException("field 'rows.label': family " + family.wireName() + " already has "
                                + (labels.size() - fresh.size()) + " labels " + labels.subList(0, labels.size() - fresh.size())
                                + " of its capacity " + capacity + ", so " + fresh + " do not fit; use at most " + capacity
                                + " distinct labels for " + family.wireName() + " (thunderline.upm.trainer.label-capacity "
                                + "sets the capacity of families not seen yet)");
                    }
                    return tx.preparedQuery("UPDATE families SET labels = $2 WHERE family = $1")
                            .execute(Tuple.of(family.wireName(), labels.toArray(String[]::new))).replaceWithVoid();
                });
    }

    public Uni<Void> setHead(SqlClient tx, ModelType family, long version) {
        return tx.preparedQuery("UPDATE families SET head_version = $2 WHERE family = $1")
                .execute(Tuple.of(family.wireName(), version)).replaceWithVoid();
    }

    /** Takes the next apply sequence number of the family. */
    public Uni<Long> takeApplySeq(SqlClient tx, ModelType family) {
        return tx.preparedQuery("UPDATE families SET next_apply_seq = next_apply_seq + 1 WHERE family = $1 RETURNING next_apply_seq - 1 AS seq")
                .execute(Tuple.of(family.wireName())).map(rows -> rows.iterator().next().getLong("seq"));
    }

    static FamilyRow map(Row r) {
        return new FamilyRow(ModelType.fromWire(r.getString("family")), r.getInteger("dims"), r.getInteger("label_capacity"),
                Arrays.asList(r.getArrayOfStrings("labels")), r.getLong("head_version"), r.getLong("next_apply_seq"));
    }
}
