package io.thunderline.support;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.support.problem.DatabaseOutage;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * Applies an event at most once: its CloudEvent id goes into processed_messages in the same transaction as the
 * effect, and an id already there is acknowledged without effect. A body that is not a valid event is nacked at once
 * (the channel's dead-letter queue gets it with the error); while the database cannot be reached the message is
 * retried until it can (never dead-lettered for it); other failures are retried with backoff, then nacked.
 * (The page consumes job updates in batches without it: its history write is idempotent by (job, seq).)
 */
@ApplicationScoped
public class IdempotentConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentConsumer.class);
    /** Longer than any effect takes when the database is up; a retry after it is safe (processed_messages). */
    static final Duration ATTEMPT_DEADLINE = Duration.ofSeconds(30);

    private final Pool pool;
    private final TransactionTraces traces;
    private final int attempts;
    private final String scope;

    public IdempotentConsumer(Pool pool, ConsumerConfig config, TransactionTraces traces) {
        this.pool = pool;
        this.traces = traces;
        this.attempts = config.attempts();
        this.scope = config.idScope().map(s -> s + ":").orElse("");
    }

    public <T extends Record> Uni<Void> consume(Message<String> message, Class<T> type,
                                                BiFunction<SqlConnection, T, Uni<Void>> effect) {
        return consume(message, type, effect, applied -> {
        });
    }

    /** As above; {@code afterCommit} runs once the effect is committed (not for a duplicate). */
    public <T extends Record> Uni<Void> consume(Message<String> message, Class<T> type,
                                                BiFunction<SqlConnection, T, Uni<Void>> effect,
                                                java.util.function.Consumer<T> afterCommit) {
        T event;
        String id;
        try {
            event = EventCodec.fromJson(message.getPayload(), type);
            id = scope + messageId(message);
        } catch (InvalidEventException e) {
            LOG.warnf("refusing a message on %s: %s", topic(message), e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        String topic = topic(message);
        // the consumer span the Kafka connector made from the message's traceparent: events this effect writes to
        // the outbox continue that trace
        Context trace = TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(null);
        AtomicBoolean waiting = new AtomicBoolean();
        return pool.withTransaction(tx -> {
                    traces.bind(tx, trace);
                    return tx.preparedQuery("INSERT INTO processed_messages (message_id, topic) VALUES ($1, $2) "
                                    + "ON CONFLICT DO NOTHING")
                            .execute(Tuple.of(id, topic))
                            .flatMap(inserted -> inserted.rowCount() == 1
                                    ? effect.apply(tx, event).replaceWith(true) : skipped(id, topic).replaceWith(false))
                            .onTermination().invoke(() -> traces.unbind(tx));
                })
                // each attempt has a deadline: while PostgreSQL is down the pool can lose an attempt's answer (Vert.x logs
                // "Result is already complete"), and an attempt that never ends would hold its partition forever
                .ifNoItem().after(ATTEMPT_DEADLINE).failWith(() -> new TimeoutException(
                        "no answer from the database within " + ATTEMPT_DEADLINE.toSeconds() + " s"))
                .onFailure(DatabaseOutage::is).invoke(e -> {
                    if (waiting.compareAndSet(false, true)) {
                        LOG.warnf("message %s on %s waits for the database (retrying every few seconds): %s", id, topic, e);
                    }
                })
                // an unreachable database is not the message's fault: wait for it (the partition waits, in order)
                // rather than dead-letter a valid event, which would lose it (a training request: a job never run)
                .onFailure(DatabaseOutage::is)
                .retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).indefinitely()
                .onFailure(e -> !(e instanceof InvalidEventException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(attempts - 1)
                .onItemOrFailure().transformToUni((applied, failure) -> {
                    if (waiting.get() && failure == null) {
                        LOG.infof("message %s on %s: the database answered again", id, topic);
                    }
                    if (failure != null) {
                        LOG.errorf("giving up on message %s on %s: %s", id, topic, failure.toString());
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    if (applied) {
                        afterCommit.accept(event);
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }

    private static Uni<Void> skipped(String id, String topic) {
        LOG.debugf("message %s on %s was already processed", id, topic);
        return Uni.createFrom().voidItem();
    }

    /** The CloudEvent id; a message without one is not one of ours. */
    static String messageId(Message<?> message) {
        return message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getId)
                .filter(id -> !id.isBlank())
                .orElseThrow(() -> new InvalidEventException("message has no CloudEvent id (ce_id header)"));
    }

    static String topic(Message<?> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic).orElse("?");
    }
}
