package io.thunderline.support;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.infra.Ports;
import io.thunderline.infra.PostgresServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * OutboxRelay on a real PostgreSQL with a Kafka stand-in whose acks the test gives: batches go out while earlier ones
 * wait for their acks, rows are deleted only once acknowledged, and a failed send goes out again before
 * anything written after it.
 */
class OutboxRelayIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static PostgresServer started;
    private static Vertx vertx;
    private static Pool pool;
    private static String databaseUrl;

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private OutboxRelay relay;
    private Outbox outbox;
    /** Rows this test wrote to the outbox. */
    private long written;

    /** One message handed to "Kafka" and the means to acknowledge or fail it. */
    private record Sent(String key, String payload, UniEmitter<? super Void> ack) {
    }

    @BeforeAll
    static void database() throws IOException {
        String url = System.getenv("PG_URL");
        if (url == null || url.isBlank()) {
            started = PostgresServer.start(Files.createTempDirectory("outbox-relay-it"), Ports.free());
            url = started.url();
        }
        vertx = Vertx.vertx();
        databaseUrl = url;
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(connectOptions()).using(vertx).build();
        pool.query("DROP SCHEMA IF EXISTS outbox_relay_it CASCADE").execute().await().atMost(WAIT);
        pool.query("CREATE SCHEMA outbox_relay_it").execute().await().atMost(WAIT);
        for (String migration : List.of("V0_1__outbox_and_processed_messages.sql", "V0_2__outbox_traceparent.sql",
                "V0_3__retention_indexes.sql")) {
            try (InputStream in = OutboxRelay.class.getResourceAsStream("/db/support/" + migration)) {
                pool.query(new String(in.readAllBytes(), StandardCharsets.UTF_8)).execute().await().atMost(WAIT);
            }
        }
    }

    private static PgConnectOptions connectOptions() {
        return PgConnectOptions.fromUri(databaseUrl)
                .setUser(System.getenv().getOrDefault("PG_USER", PostgresServer.USER))
                .setPassword(System.getenv().getOrDefault("PG_PASSWORD", PostgresServer.PASSWORD))
                .addProperty("search_path", "outbox_relay_it");
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
        if (started != null) {
            started.close();
        }
    }

    @BeforeEach
    void relay() {
        pool.query("TRUNCATE outbox").execute().await().atMost(WAIT);
        written = 0;
        relay = new OutboxRelay(pool, emitter(), identity(100));
        outbox = new Outbox(relay, new TransactionTraces());
    }

    @AfterEach
    void stop() {
        relay.stop();
    }

    @Test
    void sendsBatchAfterBatchWithoutWaitingForAcksUpToItsWindowAndDeletesOnlyWhatWasAcknowledged() {
        int window = OutboxRelay.WINDOW;
        int total = window + 200; // batches of 100 (the identity's batch size)
        write("a", total);
        List<Long> written = remainingSeqs();
        relay.start(vertx);

        // none acknowledged: the window's worth goes out, the rest waits, nothing is deleted
        await().atMost(WAIT).until(() -> sent.size() == window);
        sleep(300);
        assertThat(sent).hasSize(window);
        assertThat(published()).isZero();

        // acks as they come: the first 150 are deleted (and only they), which makes room for one more batch
        sent.subList(0, 150).forEach(s -> s.ack().complete(null));
        await().atMost(WAIT).until(() -> published() == 150);
        await().atMost(WAIT).until(() -> sent.size() == window + 100);
        assertThat(remainingSeqs()).isEqualTo(written.subList(150, total));

        List.copyOf(sent).subList(150, window + 100).forEach(s -> s.ack().complete(null));
        await().atMost(WAIT).until(() -> sent.size() == total);
        List.copyOf(sent).subList(window + 100, total).forEach(s -> s.ack().complete(null));
        await().atMost(WAIT).until(() -> published() == total);
        assertThat(sent).extracting(Sent::payload).isEqualTo(payloads("a", total)); // in outbox order, each once
    }

    @Test
    void aFailedSendGoesOutAgainBeforeAnythingWrittenAfterIt() {
        write("k", 3);
        relay.start(vertx);
        await().atMost(WAIT).until(() -> sent.size() == 3);

        // Kafka gave up on k-0: nothing written after it goes out before it, even what is committed now
        sent.get(0).ack().fail(new IllegalStateException("delivery timeout"));
        write("k", 2, 3);
        sleep(300);
        assertThat(sent).hasSize(3);
        // its idempotent producer fails what followed on the partition, too
        sent.subList(1, 3).forEach(s -> s.ack().fail(new IllegalStateException("out of order sequence")));

        // the relay starts again at the oldest unpublished row: k-0, k-1, k-2, then the rows written after
        await().atMost(WAIT).until(() -> sent.size() == 8);
        assertThat(sent.subList(3, 8)).extracting(Sent::payload)
                .containsExactly(payload("k", 0), payload("k", 1), payload("k", 2), payload("k", 3), payload("k", 4));
        assertThat(published()).isZero();

        sent.subList(3, 8).forEach(s -> s.ack().complete(null));
        await().atMost(WAIT).until(() -> published() == 5);
    }

    @Test
    void aStoppedRelayGivesItsLockBackSoAnotherInstanceTakesOver() {
        write("s", 3);
        relay.start(vertx);
        await().atMost(WAIT).until(() -> sent.size() == 3); // leading, three sends unacknowledged
        relay.stop();

        // a second instance of the service: its own pool, so its own sessions (a pooled session would share the lock)
        Pool other = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(connectOptions()).using(vertx).build();
        OutboxRelay successor = new OutboxRelay(other, emitter(), identity(100));
        try {
            successor.start(vertx);
            // the unacknowledged rows go out again from the successor (a crash or stop re-sends, never loses)
            await().atMost(WAIT).until(() -> sent.size() == 6);
            assertThat(sent.subList(3, 6)).extracting(Sent::payload)
                    .containsExactly(payload("s", 0), payload("s", 1), payload("s", 2));
            sent.subList(3, 6).forEach(s -> s.ack().complete(null));
            await().atMost(WAIT).until(() -> published() == 3);
        } finally {
            successor.stop();
            other.closeAndAwait();
        }
    }

    private void write(String key, int count) {
        write(key, count, 0);
    }

    /** Writes updates {@code from}… of one key, 100 per transaction. */
    private void write(String key, int count, int from) {
        written += count;
        for (int start = 0; start < count; start += 100) {
            int first = from + start;
            int last = from + Math.min(count, start + 100);
            pool.withTransaction(tx -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (int i = first; i < last; i++) {
                    JobUpdate update = update(key, i);
                    chain = chain.flatMap(v -> outbox.append(tx, update, key).replaceWithVoid());
                }
                return chain;
            }).await().atMost(WAIT);
        }
    }

    private static JobUpdate update(String key, long seq) {
        return new JobUpdate(Contracts.SCHEMA_VERSION, key, seq, JobStatus.RUNNING, null, null, null, null, Map.of(), Map.of(),
                key + "-" + seq, Instant.parse("2026-01-01T00:00:00Z"), null, null);
    }

    private static String payload(String key, long seq) {
        return io.thunderline.contracts.EventCodec.toJson(update(key, seq));
    }

    private static List<String> payloads(String key, int count) {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(payload(key, i));
        }
        return all;
    }

    /** Rows published: the relay deletes a row once Kafka acknowledged it (each test starts from an empty outbox). */
    private long published() {
        return written - pool.query("SELECT count(*) FROM outbox").execute().await().atMost(WAIT).iterator().next().getLong(0);
    }

    private static List<Long> remainingSeqs() {
        List<Long> seqs = new ArrayList<>();
        pool.query("SELECT seq FROM outbox ORDER BY seq").execute().await().atMost(WAIT)
                .forEach(row -> seqs.add(row.getLong(0)));
        return seqs;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private MutinyEmitter<String> emitter() {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MutinyEmitter.class},
                (p, m, a) -> switch (m.getName()) {
                    case "sendMessage" -> {
                        Message<String> message = (Message<String>) a[0];
                        String key = (String) message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow().getKey();
                        yield Uni.createFrom().<Void>emitter(ack -> sent.add(new Sent(key, message.getPayload(), ack)));
                    }
                    case "toString" -> "test emitter";
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static ServiceIdentity identity(int batchSize) {
        ServiceIdentity.Outbox settings = (ServiceIdentity.Outbox) Proxy.newProxyInstance(ServiceIdentity.class.getClassLoader(),
                new Class<?>[]{ServiceIdentity.Outbox.class}, (p, m, a) -> switch (m.getName()) {
                    case "batchSize" -> batchSize;
                    case "interval" -> Duration.ofMillis(50);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ServiceIdentity) Proxy.newProxyInstance(ServiceIdentity.class.getClassLoader(), new Class<?>[]{ServiceIdentity.class},
                (p, m, a) -> switch (m.getName()) {
                    case "name" -> "outbox-relay-it";
                    case "outbox" -> settings;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
