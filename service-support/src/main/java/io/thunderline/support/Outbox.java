package io.thunderline.support;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Writes an event in the caller's transaction; {@link OutboxRelay} publishes it after commit. */
@ApplicationScoped
public class Outbox {
    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    public Uni<UUID> append(SqlClient tx, Record body, String key) {
        EventType type = EventType.of(body);
        UUID id = UUID.randomUUID();
        return tx.preparedQuery("INSERT INTO outbox (event_id, topic, event_key, ce_type, payload) VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.of(id, type.topic(), key, type.ceType(), EventCodec.toJson(body)))
                .invoke(relay::wakeUp)
                .replaceWith(id);
    }
}
