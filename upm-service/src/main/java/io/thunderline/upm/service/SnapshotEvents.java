package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotEvent;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.support.Outbox;
import io.thunderline.upm.domain.SnapshotRow;
import io.thunderline.upm.repository.SnapshotRepository;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** upm.snapshots events, appended to the outbox in the caller's transaction (after the change they report). */
@ApplicationScoped
public class SnapshotEvents {
    private final SnapshotRepository snapshots;
    private final Outbox outbox;

    public SnapshotEvents(SnapshotRepository snapshots, Outbox outbox) {
        this.snapshots = snapshots;
        this.outbox = outbox;
    }

    static SnapshotEvent event(ModelType family, long version, String checksum, int windows, Map<String, Double> metrics,
                               SnapshotStatus status, SnapshotMode mode) {
        return new SnapshotEvent(Contracts.SCHEMA_VERSION, family.wireName() + "-v" + version, family, version, checksum,
                windows, metrics, status, mode, Instant.now());
    }

    Uni<Void> append(SqlClient tx, SnapshotEvent event) {
        return outbox.append(tx, event, event.family().wireName()).replaceWithVoid();
    }

    /** The snapshot as this transaction has it now (its status), served in {@code mode}. */
    Uni<Void> stored(SqlClient tx, ModelType family, long version, SnapshotMode mode) {
        return snapshots.find(tx, family, version).flatMap(row -> each(tx, List.of(row.orElseThrow()), mode));
    }

    /** Each of {@code rows} (as an UPDATE ... RETURNING gave them), served in {@code mode}. */
    Uni<Void> each(SqlClient tx, List<SnapshotRow> rows, SnapshotMode mode) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (SnapshotRow r : rows) {
            chain = chain.flatMap(v -> append(tx, event(r.family(), r.version(), r.checksum(), r.windows(), r.metrics(),
                    r.status(), mode)));
        }
        return chain;
    }
}
