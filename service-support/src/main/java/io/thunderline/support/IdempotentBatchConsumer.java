package io.thunderline.support;

import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * {@link IdempotentConsumer} for a polled batch (a channel with {@code batch=true}): one transaction per batch instead
 * of one per message, so a consumer keeps up with thousands of events per second.
 * <p>
 * Records that are not valid events are nacked one by one (the channel's dead-letter topic gets each with its error)
 * and do not hold up the others. The ids of the valid ones go into processed_messages in one statement; the effect is
 * applied, in record order, only to events whose id was new (an id repeated inside the batch counts once). After the
 * commit {@code afterCommit} runs for each applied event in order, then the batch is acknowledged. If the batch
 * transaction fails, its records are applied one by one through {@link IdempotentConsumer#consume} (retries, then the
 * dead-letter topic), so one record that fails only inside the effect ends up there and the rest are applied.
 */
@ApplicationScoped
public class IdempotentBatchConsumer {
    private static final Logger LOG = Logger.getLogger(IdempotentBatchConsumer.class);

    private final Pool pool;
    private final TransactionTraces traces;
    private final IdempotentConsumer single;
    private final String scope;

    public IdempotentBatchConsumer(Pool pool, ConsumerConfig config, TransactionTraces traces, IdempotentConsumer single) {
        this.pool = pool;
        this.traces = traces;
        this.single = single;
        this.scope = config.idScope().map(s -> s + ":").orElse("");
    }

    /** One applied event and what its effect answered (e.g. whom to tell), for {@code afterCommit}. */
    private record Applied<T, R>(T event, R result) {
    }

    /**
     * @param effect      applies one event in the batch's transaction; its result (may be null) goes to afterCommit
     * @param afterCommit runs once per applied event after the commit, in record order (not for duplicates)
     */
    public <K, T extends Record, R> Uni<Void> consume(KafkaRecordBatch<K, String> batch, Class<T> type,
                                                      BiFunction<SqlConnection, T, Uni<R>> effect,
                                                      BiConsumer<T, R> afterCommit) {
        // the batch's ack commits each partition's last offset; the records are not acknowledged one by one
        return consume(batch.getRecords(), type, effect, afterCommit)
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /** The batch's records handled as above, without acknowledging them (the caller acknowledges the batch). */
    <T extends Record, R> Uni<Void> consume(List<? extends Message<String>> records, Class<T> type,
                                            BiFunction<SqlConnection, T, Uni<R>> effect, BiConsumer<T, R> afterCommit) {
        DecodedBatch<T> batch = DecodedBatch.of(records, type, scope);
        if (batch.repeated() > 0) {
            LOG.debugf("%d records repeat an id earlier in their batch: skipped", batch.repeated());
        }
        return apply(batch.unique(), type, effect, afterCommit)
                .chain(() -> refuse(batch.invalid()));
    }

    private <T extends Record, R> Uni<Void> apply(List<DecodedBatch.Decoded<T>> events, Class<T> type,
                                                  BiFunction<SqlConnection, T, Uni<R>> effect,
                                                  BiConsumer<T, R> afterCommit) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long started = System.nanoTime();
        String[] ids = events.stream().map(DecodedBatch.Decoded::id).toArray(String[]::new);
        String[] topics = events.stream().map(DecodedBatch.Decoded::topic).toArray(String[]::new);
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO processed_messages (message_id, topic) "
                                + "SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING RETURNING message_id")
                        .execute(Tuple.of(ids, topics))
                        .flatMap(inserted -> {
                            Set<String> fresh = new HashSet<>();
                            for (Row row : inserted) {
                                fresh.add(row.getString(0));
                            }
                            List<DecodedBatch.Decoded<T>> todo = events.stream().filter(e -> fresh.contains(e.id())).toList();
                            return inOrder(tx, todo, effect);
                        }))
                .onItemOrFailure().transformToUni((applied, failure) -> {
                    if (failure == null) {
                        LOG.debugf("%d of %d events on %s applied in one transaction of %d ms", applied.size(),
                                events.size(), events.get(0).topic(), (System.nanoTime() - started) / 1_000_000);
                        applied.forEach(a -> tell(afterCommit, a));
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("batch of %d events on %s failed (%s): applying them one by one", events.size(),
                            events.get(0).topic(), failure.toString());
                    return oneByOne(events, type, effect, afterCommit);
                });
    }

    /**
     * The effects one after another on the batch's connection. While an effect runs, the transaction is bound to its
     * own record's trace (the consumer span the connector made from that record's traceparent), so an event it writes
     * to the outbox continues the trace of the record that caused it, not of the first record of the batch.
     */
    private <T, R> Uni<List<Applied<T, R>>> inOrder(SqlConnection tx, List<DecodedBatch.Decoded<T>> todo,
                                                   BiFunction<SqlConnection, T, Uni<R>> effect) {
        return Multi.createFrom().iterable(todo)
                .onItem().transformToUniAndConcatenate(e -> Uni.createFrom().deferred(() -> {
                    traces.unbind(tx);
                    traces.bind(tx, trace(e.message()));
                    return effect.apply(tx, e.event()).map(result -> new Applied<>(e.event(), result));
                }))
                .collect().asList()
                .onTermination().invoke(() -> traces.unbind(tx));
    }

    private <T extends Record, R> Uni<Void> oneByOne(List<DecodedBatch.Decoded<T>> events, Class<T> type,
                                                     BiFunction<SqlConnection, T, Uni<R>> effect,
                                                     BiConsumer<T, R> afterCommit) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> {
                    AtomicReference<R> result = new AtomicReference<>();
                    // acknowledged with the batch; a nack still reaches the record's own nack (the dead-letter topic)
                    Message<String> message = e.message().withAck(() -> CompletableFuture.completedFuture(null));
                    return single.consume(message, type,
                            (tx, event) -> effect.apply(tx, event).invoke(result::set).replaceWithVoid(),
                            event -> afterCommit.accept(event, result.get()));
                })
                .collect().last()
                .replaceWithVoid();
    }

    /** Each invalid record to the dead-letter topic with its error; done when all of them are there. */
    private static Uni<Void> refuse(List<DecodedBatch.Refused> invalid) {
        return Multi.createFrom().iterable(invalid)
                .onItem().transformToUniAndConcatenate(r -> {
                    LOG.warnf("refusing a message on %s: %s", IdempotentConsumer.topic(r.message()), r.error().getMessage());
                    return Uni.createFrom().completionStage(() -> r.message().nack(r.error()));
                })
                .collect().last()
                .replaceWithVoid();
    }

    /** A failing listener must not stop the others or undo a commit that happened. */
    private static <T, R> void tell(BiConsumer<T, R> afterCommit, Applied<T, R> applied) {
        try {
            afterCommit.accept(applied.event(), applied.result());
        } catch (RuntimeException e) {
            LOG.errorf(e, "after-commit action failed for %s", applied.event());
        }
    }

    private static Context trace(Message<?> message) {
        return TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(null);
    }
}
