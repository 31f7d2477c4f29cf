package io.thunderline.bench.events;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.Topics;
import io.thunderline.infra.KafkaBroker;
import io.thunderline.infra.Ports;
import io.thunderline.infra.PostgresServer;
import io.thunderline.support.Outbox;
import io.thunderline.support.OutboxRelay;
import io.thunderline.support.TransactionTraces;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * service-support's outbox relay against Kafka's own producer, in one run on one broker:
 * <ol>
 * <li><b>raw producer</b>: a plain KafkaProducer loop with the relay's producer settings (acks=all, idempotence,
 * linger.ms=0, default batching) sends N job updates (same JSON, same CloudEvent headers, 100 keys): records/s from the
 * first send to the last ack — what Kafka takes on this machine;</li>
 * <li><b>relay throughput</b>: the same N updates written to the outbox first (Outbox.append, 100 per transaction),
 * then OutboxRelay started: events/s from its start to the last ack, and to the last row deleted (the relay deletes a row once it is acknowledged);</li>
 * <li><b>relay latency</b>: with the relay running, one writer commits one update per transaction at a fixed rate; a
 * consumer reads them: outbox insert (before the commit) → consumer poll, p50/p99/max.</li>
 * </ol>
 */
public final class EventsBench {
    static final String SCHEMA = "bench_events";
    static final String TOPIC = Topics.JOB_UPDATES;
    private static final Duration WAIT = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        int events = 50_000;
        int latencyEvents = 5_000;
        int rate = 1_000;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--latency-events" -> latencyEvents = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--tiny" -> {
                    events = 2_000;
                    latencyEvents = 300;
                    rounds = 1;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --events N --rounds N --latency-events N --rate per-second --tiny)");
            }
        }
        // INFO as in the services (Quarkus' default): the log manager's own default level is ALL, which makes the Kafka
        // producer format every record for a trace line that no handler prints, in the raw loop and the relay alike
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
        System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", load average " + load());
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "bench-events-" + ProcessHandle.current().pid())
                .toAbsolutePath();
        AutoCloseable pg = null;
        AutoCloseable kafka = null;
        String pgUrl = System.getenv("PG_URL");
        String bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        try {
            if (pgUrl == null || pgUrl.isBlank()) {
                PostgresServer server = PostgresServer.start(state.resolve("pg"), Ports.free());
                pg = server::close;
                pgUrl = server.url();
            }
            if (bootstrap == null || bootstrap.isBlank()) {
                KafkaBroker broker = KafkaBroker.start(state.resolve("kafka"), Ports.free(), Ports.free());
                kafka = broker::close;
                bootstrap = broker.bootstrapServers();
            }
            System.out.println("PostgreSQL " + pgUrl + ", Kafka " + bootstrap + " (test-infra: fsync off, one broker)");
            KafkaBroker.createTopics(bootstrap, List.of(TOPIC), Set.of(), 3);
            run(pgUrl, bootstrap, events, rounds, latencyEvents, rate);
        } finally {
            if (kafka != null) {
                kafka.close();
            }
            if (pg != null) {
                pg.close();
            }
        }
    }

    static void run(String pgUrl, String bootstrap, int events, int rounds, int latencyEvents, int rate) throws Exception {
        String user = System.getenv().getOrDefault("PG_USER", PostgresServer.USER);
        String password = System.getenv().getOrDefault("PG_PASSWORD", PostgresServer.PASSWORD);
        migrate("jdbc:" + pgUrl, user, password);
        Vertx vertx = Vertx.vertx();
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
                .connectingTo(PgConnectOptions.fromUri(pgUrl).setUser(user).setPassword(password)
                        .addProperty("search_path", SCHEMA))
                .using(vertx).build();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(BenchEmitter.producerSettings(bootstrap))) {
            // warm-up of both paths (JIT, connections, metadata), not reported
            rawProducer(producer, Math.min(2_000, events), runId + "-warm");
            relayThroughput(vertx, pool, producer, Math.min(2_000, events), runId + "-warm");

            // raw and relay in turn, so a change of the machine's load hits both alike; the median round of each counts
            List<double[]> raws = new java.util.ArrayList<>();
            List<double[]> relays = new java.util.ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                String loadRaw = load();
                raws.add(new double[]{rawProducer(producer, events, runId + "-" + round)});
                String loadRelay = load();
                relays.add(relayThroughput(vertx, pool, producer, events, runId + "-" + round));
                System.out.printf(Locale.ROOT, "round %d: raw %.0f/s (load %s), relay %.0f/s to ack, %.0f/s to deleted (load %s)%n",
                        round, raws.get(round - 1)[0], loadRaw, relays.get(round - 1)[0], relays.get(round - 1)[1], loadRelay);
            }
            double raw = median(raws, 0);
            double[] relay = {median(relays, 0), median(relays, 1)};
            String loadRaw = load();
            String loadRelay = loadRaw;
            String loadLatency = load();
            Histogram latency = relayLatency(vertx, pool, producer, bootstrap, latencyEvents, rate, runId);
            String loadEnd = load();

            System.out.println();
            System.out.println(String.format(Locale.ROOT, "relay / raw producer: %.0f %% (goal: at least 50 %%)",
                    100 * relay[0] / raw));
            System.out.println();
            System.out.println("| path (median of " + rounds + " rounds, in turn) | events per round | events/s | load avg (1/5/15 min) after the rounds |");
            System.out.println("| --- | ---: | ---: | --- |");
            System.out.printf(Locale.ROOT, "| raw KafkaProducer loop (acks=all, idempotent, linger 0) | %d | %.0f | %s |%n",
                    events, raw, loadRaw);
            System.out.printf(Locale.ROOT, "| OutboxRelay: start → last ack | %d | %.0f | %s |%n", events, relay[0], loadRelay);
            System.out.printf(Locale.ROOT, "| OutboxRelay: start → last row deleted (published) | %d | %.0f | %s |%n", events,
                    relay[1], loadRelay);
            System.out.println();
            System.out.printf(Locale.ROOT, "| outbox insert → consumer, %d events at %d/s | p50 %.1f ms | p99 %.1f ms | max %.1f ms "
                            + "| load %s → %s |%n", latency.getTotalCount(), rate, latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0, loadLatency, loadEnd);
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
        }
    }

    /** Records/s of a plain producer loop: first send to last ack. */
    static double rawProducer(KafkaProducer<String, String> producer, int events, String runId) throws Exception {
        CountDownLatch acked = new CountDownLatch(events);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < events; i++) {
            String key = runId + "-job-" + (i % 100);
            JobUpdate u = update(key, i, "raw");
            ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, key, EventCodec.toJson(u));
            BenchEmitter.headers(record, UUID.randomUUID().toString(), EventType.of(u).ceType(), Instant.now());
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    failure.set(e);
                }
                acked.countDown();
            });
        }
        if (!acked.await(WAIT.toSeconds(), TimeUnit.SECONDS) || failure.get() != null) {
            throw new IllegalStateException("raw producer: not all records acknowledged", failure.get());
        }
        double perSecond = events / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "raw producer: %d records, %.0f/s%n", events, perSecond);
        return perSecond;
    }

    /** {events/s to the last ack, events/s to the last row deleted (published)} of a relay draining a filled outbox. */
    static double[] relayThroughput(Vertx vertx, Pool pool, KafkaProducer<String, String> producer, int events,
                                    String runId) throws Exception {
        pool.query("TRUNCATE outbox").execute().await().atMost(WAIT);
        BenchEmitter emitter = new BenchEmitter(producer);
        OutboxRelay relay = new OutboxRelay(pool, emitter.proxy(), BenchEmitter.identity());
        Outbox outbox = new Outbox(relay, new TransactionTraces());
        for (int from = 0; from < events; from += 100) {
            int first = from;
            int last = Math.min(events, from + 100);
            pool.withTransaction(tx -> {
                io.smallrye.mutiny.Uni<Void> chain = io.smallrye.mutiny.Uni.createFrom().voidItem();
                for (int i = first; i < last; i++) {
                    String key = runId + "-job-" + (i % 100);
                    JobUpdate u = update(key, i, "relay");
                    chain = chain.flatMap(v -> outbox.append(tx, u, key).replaceWithVoid());
                }
                return chain;
            }).await().atMost(WAIT);
        }
        long t0 = System.nanoTime();
        relay.start(vertx);
        try {
            emitter.awaitAcks(events, WAIT);
            double toAck = events / ((System.nanoTime() - t0) / 1e9);
            while (pool.query("SELECT count(*) FROM outbox").execute().await().atMost(WAIT)
                    .iterator().next().getLong(0) > 0) {
                Thread.sleep(1);
            }
            double toMarked = events / ((System.nanoTime() - t0) / 1e9);
            if (emitter.failures() > 0) {
                throw new IllegalStateException(emitter.failures() + " sends failed");
            }
            System.out.printf(Locale.ROOT, "relay: %d events, %.0f/s to the last ack, %.0f/s to the last row deleted "
                    + "(%d sends)%n", events, toAck, toMarked, emitter.sent());
            return new double[]{toAck, toMarked};
        } finally {
            relay.stop();
        }
    }

    /** Outbox insert → consumer latency with the relay running and one writer at {@code rate} commits per second. */
    static Histogram relayLatency(Vertx vertx, Pool pool, KafkaProducer<String, String> producer, String bootstrap,
                                  int events, int rate, String runId) throws Exception {
        pool.query("TRUNCATE outbox").execute().await().atMost(WAIT);
        OutboxRelay relay = new OutboxRelay(pool, new BenchEmitter(producer).proxy(), BenchEmitter.identity());
        Outbox outbox = new Outbox(relay, new TransactionTraces());
        Histogram latency = new Histogram(60_000_000L, 3);
        // the first second apart: the consumer's first fetches and the relay's first lock fall in it
        Histogram firstSecond = new Histogram(60_000_000L, 3);
        String prefix = runId + "-latency-";
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before anything is written
            relay.start(vertx);
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                long interval = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    String key = prefix + (i % 100);
                    long sentAt = System.nanoTime();
                    JobUpdate u = update(key, i, i + ":" + sentAt);
                    pool.withTransaction(tx -> outbox.append(tx, u, key)).await().atMost(WAIT);
                    written.incrementAndGet();
                    next += interval;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(sleep);
                    }
                }
            }, "latency-writer");
            writer.start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (latency.getTotalCount() + firstSecond.getTotalCount() < events && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    if (record.key() != null && record.key().startsWith(prefix)) {
                        JobUpdate u = EventCodec.fromJson(record.value(), JobUpdate.class);
                        String[] sent = u.message().split(":");
                        long micros = Math.max(1, (System.nanoTime() - Long.parseLong(sent[1])) / 1000);
                        (Long.parseLong(sent[0]) < rate ? firstSecond : latency).recordValue(micros);
                    }
                }
            }
            writer.join();
            long consumed = latency.getTotalCount() + firstSecond.getTotalCount();
            if (consumed < events) {
                throw new IllegalStateException("latency run: consumed " + consumed + " of " + events);
            }
            System.out.printf(Locale.ROOT, "latency, first second: %d events, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    firstSecond.getTotalCount(), firstSecond.getValueAtPercentile(50) / 1000.0,
                    firstSecond.getValueAtPercentile(99) / 1000.0, firstSecond.getMaxValue() / 1000.0);
            System.out.printf(Locale.ROOT, "latency after the first second: %d events at %d/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    latency.getTotalCount(), rate, latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
            return latency;
        } finally {
            relay.stop();
        }
    }

    private static double median(List<double[]> rows, int column) {
        double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return values[values.length / 2];
    }

    static JobUpdate update(String jobId, long seq, String message) {
        return new JobUpdate(Contracts.SCHEMA_VERSION, jobId, seq, JobStatus.RUNNING, 2, null, 1, (int) (seq % 30),
                Map.of("loss", 0.4321, "accuracy", 0.8765), Map.of(), message, Instant.now(), null, null);
    }

    static void migrate(String jdbcUrl, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Flyway.configure().dataSource(jdbcUrl, user, password).schemas(SCHEMA).defaultSchema(SCHEMA).createSchemas(true)
                .locations("classpath:db/support").load().migrate();
    }

    static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (Exception e) {
            return "?";
        }
    }
}
