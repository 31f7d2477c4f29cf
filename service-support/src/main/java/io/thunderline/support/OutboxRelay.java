package io.thunderline.support;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.thunderline.contracts.EventType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes committed outbox rows in order. One relay per schema at a time (an advisory lock), so several instances
 * of a service never reorder a key's events. A row is marked published only after Kafka acknowledged it, so a crash
 * re-sends rather than loses: consumers drop the duplicate by its CloudEvent id.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final MutinyEmitter<String> events;
    private final ServiceIdentity identity;
    private volatile boolean wake;
    private volatile boolean stopped;
    /** Numbers the waits between rounds, so a commit that starts a round early cancels that wait's timer round. */
    private final AtomicLong waitNumber = new AtomicLong();
    private final AtomicBoolean waiting = new AtomicBoolean();
    private Vertx vertx;

    public OutboxRelay(Pool pool, @Channel("events") MutinyEmitter<String> events, ServiceIdentity identity) {
        this.pool = pool;
        this.events = events;
        this.identity = identity;
    }

    /**
     * A transaction that wrote rows has committed: start a round now if the relay is waiting (instead of after up to
     * one interval), or right after the current round.
     */
    void committed() {
        wake = true;
        if (vertx != null && !stopped) {
            long current = waitNumber.get();
            vertx.runOnContext(() -> startRound(current));
        }
    }

    // A timer of our own rather than @Scheduled: the scheduler's floor is one second, too slow for live updates.
    void start(@Observes StartupEvent event, Vertx vertx) {
        this.vertx = vertx;
        scheduleNext(identity.outbox().interval().toMillis());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    private void scheduleNext(long delayMillis) {
        if (!stopped) {
            long number = waitNumber.incrementAndGet();
            waiting.set(true);
            vertx.setTimer(Math.max(1, delayMillis), id -> startRound(number));
        }
    }

    /** Ends wait {@code number} with a round, unless that wait already ended (by its timer or by a commit). */
    private void startRound(long number) {
        if (waitNumber.get() == number && waiting.compareAndSet(true, false)) {
            tick();
        }
    }

    private void tick() {
        wake = false;
        publishPending()
                .onFailure().invoke(e -> LOG.warnf("outbox relay round failed, will retry: %s", e.toString()))
                .onFailure().recoverWithItem(0)
                .subscribe().with(sent -> scheduleNext(sent > 0 || wake ? 1 : identity.outbox().interval().toMillis()));
    }

    /** Publishes one batch; returns how many rows went out. */
    public Uni<Integer> publishPending() {
        return pool.withTransaction(this::publishBatch);
    }

    private Uni<Integer> publishBatch(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtext('outbox:' || current_schema()))")
                .execute()
                .flatMap(lock -> {
                    if (!lock.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(0);
                    }
                    return tx.preparedQuery("SELECT seq, event_id, event_key, ce_type, payload, created_at, traceparent FROM outbox "
                                    + "WHERE published_at IS NULL ORDER BY seq LIMIT $1")
                            .execute(Tuple.of(identity.outbox().batchSize()))
                            .flatMap(rows -> send(tx, rows));
                });
    }

    private Uni<Integer> send(SqlConnection tx, Iterable<Row> rows) {
        List<Uni<Void>> acks = new ArrayList<>();
        List<Long> sent = new ArrayList<>();
        for (Row row : rows) {
            EventType type = EventType.ofCeType(row.getString("ce_type"))
                    .orElseThrow(() -> new IllegalStateException("outbox row " + row.getLong("seq") + " has unknown type "
                            + row.getString("ce_type")));
            Message<String> message = EventMessages.of(identity.name(), type, row.getString("event_key"),
                    row.getString("payload"), row.getUUID("event_id"),
                    row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant());
            // the Kafka connector's producer span becomes a child of the writer's span and goes out as `traceparent`
            Optional<Context> writer = TraceParent.toContext(row.getString("traceparent"));
            if (writer.isPresent()) {
                message = message.addMetadata(TracingMetadata.withCurrent(writer.get()));
            }
            acks.add(events.sendMessage(message));
            sent.add(row.getLong("seq"));
        }
        if (sent.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.join().all(acks).andFailFast()
                .flatMap(ignored -> tx.preparedQuery("UPDATE outbox SET published_at = now() WHERE seq = ANY($1)")
                        .execute(Tuple.of(sent.toArray(Long[]::new))))
                .replaceWith(sent.size());
    }
}
