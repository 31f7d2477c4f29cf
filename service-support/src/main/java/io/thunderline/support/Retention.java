package io.thunderline.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the outbox and processed_messages from growing without end: outbox rows marked published older than
 * {@code thunderline.service.outbox.retention} and processed message ids older than
 * {@code thunderline.service.processed-messages.retention} are deleted, every
 * {@code thunderline.service.retention.interval}, in batches of at most {@code thunderline.service.retention.batch-size}
 * rows per statement (each its own short transaction, so no round holds many locks or a long transaction). An
 * unpublished outbox row is never deleted, whatever its age: the relay still owes it to Kafka. (The relay now deletes
 * rows itself as Kafka acknowledges them; rows marked published by earlier versions are cleared here.) Rows deleted are counted
 * per table in {@code thunderline_retention_deleted_rows_total{table}}.
 */
@ApplicationScoped
public class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);
    static final String OUTBOX = "outbox";
    static final String PROCESSED_MESSAGES = "processed_messages";

    private static final String DELETE_OUTBOX = """
            DELETE FROM outbox WHERE seq IN (
                SELECT seq FROM outbox
                WHERE published_at IS NOT NULL AND published_at < now() - $1 * interval '1 millisecond'
                ORDER BY seq LIMIT $2)""";
    private static final String DELETE_PROCESSED = """
            DELETE FROM processed_messages WHERE message_id IN (
                SELECT message_id FROM processed_messages
                WHERE processed_at < now() - $1 * interval '1 millisecond'
                LIMIT $2)""";

    private final Pool pool;
    private final ServiceIdentity identity;
    private final Map<String, Counter> deleted = new LinkedHashMap<>();

    public Retention(Pool pool, ServiceIdentity identity, MeterRegistry registry) {
        this.pool = pool;
        this.identity = identity;
        for (String table : new String[] {OUTBOX, PROCESSED_MESSAGES}) {
            deleted.put(table, Counter.builder("thunderline.retention.deleted.rows")
                    .description("rows deleted for being older than their retention").tag("table", table)
                    .register(registry));
        }
    }

    @Scheduled(every = "${thunderline.service.retention.interval:5m}", delay = 30,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().invoke(counts -> counts.forEach((table, n) -> {
                    if (n > 0) {
                        LOG.infof("retention: deleted %d rows of %s", n, table);
                    }
                }))
                .onFailure().invoke(e -> LOG.warnf("retention round failed, will retry next round: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One round over both tables; returns the rows deleted per table. */
    public Uni<Map<String, Long>> run() {
        return trim(OUTBOX, DELETE_OUTBOX, identity.outbox().retention(), 0)
                .flatMap(outbox -> trim(PROCESSED_MESSAGES, DELETE_PROCESSED, identity.processedMessages().retention(), 0)
                        .map(processed -> Map.of(OUTBOX, outbox, PROCESSED_MESSAGES, processed)));
    }

    /** Deletes one batch, and another while the last one was full. */
    private Uni<Long> trim(String table, String sql, Duration age, long soFar) {
        int batch = identity.retention().batchSize();
        return pool.preparedQuery(sql).execute(Tuple.of(age.toMillis(), batch)).flatMap(rows -> {
            int n = rows.rowCount();
            deleted.get(table).increment(n);
            return n < batch ? Uni.createFrom().item(soFar + n) : trim(table, sql, age, soFar + n);
        });
    }
}
