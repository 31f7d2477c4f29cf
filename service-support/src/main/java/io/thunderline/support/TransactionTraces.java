package io.thunderline.support;

import io.opentelemetry.context.Context;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trace a transaction works for, where no span is current on the thread that writes the outbox: a consumer's
 * effect runs in reactive continuations after the incoming message's span was closed, so {@link IdempotentConsumer}
 * names the message's span for the transaction and {@link Outbox} reads it from here.
 */
@ApplicationScoped
public class TransactionTraces {
    private final Map<SqlClient, Context> byTransaction = new ConcurrentHashMap<>();

    void bind(SqlClient tx, Context context) {
        if (context != null) {
            byTransaction.put(tx, context);
        }
    }

    void unbind(SqlClient tx) {
        byTransaction.remove(tx);
    }

    /** The traceparent to store with an event written in {@code tx}: the transaction's trace, else the current span. */
    Optional<String> traceparentFor(SqlClient tx) {
        Optional<String> bound = TraceParent.of(byTransaction.get(tx));
        return bound.isPresent() ? bound : TraceParent.current();
    }
}
