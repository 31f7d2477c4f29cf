package io.thunderline.support;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Writes an event in the caller's transaction; {@link OutboxRelay} publishes it after commit. The row keeps the W3C
 * traceparent of the span that wrote it (the request's, or the consumed message's), so the relayed message continues
 * that trace instead of starting a new one.
 */
@ApplicationScoped
public class Outbox {
    private final OutboxRelay relay;
    private final TransactionTraces traces;

    public Outbox(OutboxRelay relay, TransactionTraces traces) {
        this.relay = relay;
        this.traces = traces;
    }

    public Uni<UUID> append(SqlClient tx, Record body, String key) {
        EventType type = EventType.of(body);
        UUID id = UUID.randomUUID();
        String traceparent = traces.traceparentFor(tx).orElse(null);
        return tx.preparedQuery("INSERT INTO outbox (event_id, topic, event_key, ce_type, payload, traceparent) "
                        + "VALUES ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(id, type.topic(), key, type.ceType(), EventCodec.toJson(body), traceparent))
                .invoke(() -> afterCommit(tx))
                .replaceWith(id);
    }

    /**
     * An event for a statement that inserts its outbox rows itself (an {@code INSERT INTO outbox … SELECT} in the CTE
     * that changes the rows the event is about), so one statement does both. {@code payload} is the encoded event; the
     * statement may patch per-row fields into it (a job's id and update number), as {@code payload::jsonb}. Call
     * {@link #written(SqlClient)} after the statement wrote rows.
     */
    public record Insert(String topic, String ceType, String payload, String traceparent) {
    }

    public Insert insertFor(SqlClient tx, Record body) {
        EventType type = EventType.of(body);
        return new Insert(type.topic(), type.ceType(), EventCodec.toJson(body), traces.traceparentFor(tx).orElse(null));
    }

    /** Rows were inserted through {@link #insertFor}'s values in {@code client}: the relay looks once they are committed. */
    public void written(SqlClient client) {
        afterCommit(client);
    }

    /** The relay starts a round as soon as the row is committed, rather than at its next look. */
    private void afterCommit(SqlClient tx) {
        Transaction current = tx instanceof SqlConnection connection ? connection.transaction() : null;
        if (current == null) {
            // no transaction: the insert committed on its own
            relay.committed();
            return;
        }
        current.completion().subscribe().with(committed -> relay.committed(), rolledBack -> {
        });
    }
}
