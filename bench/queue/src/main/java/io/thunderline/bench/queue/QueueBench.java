package io.thunderline.bench.queue;

import io.thunderline.infra.Ports;
import io.thunderline.infra.PostgresServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.HdrHistogram.Histogram;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enqueue → claim → complete with no-op work, measured on real PostgreSQL for trainer-service's queue (its own
 * JobQueue code: jobs table, SKIP LOCKED claim, status/attempt bookkeeping, numbered job updates into the outbox) and
 * for a plain SKIP LOCKED queue as a baseline. Per run: enqueue all jobs from one producer (as the service's single
 * Kafka consumer does), then let N workers drain them; jobs/s of the drain and the latency of each claim call.
 */
public final class QueueBench {
    static final String SCHEMA = "bench_queue";
    /** Held so the level sticks: the queue's per-job INFO lines would cost more than the queue itself. */
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.thunderline");

    public static void main(String[] args) throws Exception {
        int jobs = 2000;
        int warmup = 300;
        int[] workers = {1, 2, 4};
        int batch = 50;
        boolean cacheStatements = false;
        String obanPython = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--workers" -> workers = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--oban" -> obanPython = args[++i];
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                // the services run with Quarkus' default (quarkus.datasource.reactive.cache-prepared-statements=false)
                case "--cache-statements" -> cacheStatements = true;
                case "--tiny" -> {
                    jobs = 200;
                    warmup = 50;
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --jobs N --workers 1,2,4 --batch N --cache-statements --warmup N --tiny --oban <python>)");
            }
        }
        QUIET.setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("org.flywaydb").setLevel(java.util.logging.Level.WARNING);
        System.out.println(Machine.describe());
        String pgUrl = System.getenv("PG_URL");
        PostgresServer started = null;
        if (pgUrl == null || pgUrl.isBlank()) {
            Path state = Path.of("bench/queue/target/pg").toAbsolutePath();
            if (!Files.isDirectory(Path.of("bench/queue"))) {
                state = Path.of(System.getProperty("java.io.tmpdir"), "bench-queue-pg");
            }
            started = PostgresServer.start(state, Ports.free());
            pgUrl = started.url();
            System.out.println("PostgreSQL: test-infra PostgresServer (embedded PostgreSQL 14, fsync=off, "
                    + "synchronous_commit=off, full_page_writes=off) at " + pgUrl);
        } else {
            System.out.println("PostgreSQL: " + pgUrl + " (from PG_URL)");
        }
        String user = System.getenv().getOrDefault("PG_USER", PostgresServer.USER);
        String password = System.getenv().getOrDefault("PG_PASSWORD", PostgresServer.PASSWORD);
        migrate("jdbc:" + pgUrl, user, password);

        Vertx vertx = Vertx.vertx();
        PgConnectOptions connect = PgConnectOptions.fromUri(pgUrl).setUser(user).setPassword(password)
                .addProperty("search_path", SCHEMA).setCachePreparedStatements(cacheStatements);
        System.out.println("Prepared statements cached by the client: " + cacheStatements);
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(16)).connectingTo(connect).using(vertx).build();
        List<Result> results = new ArrayList<>();
        List<String> obanRows = new ArrayList<>();
        try {
            List<QueueUnderTest> queues = List.of(new TrainerQueue(pool, 1), new TrainerQueue(pool, batch),
                    new PlainQueue(pool));
            for (QueueUnderTest queue : queues) {
                run(queue, warmup, 2); // JIT, connections, plans; not reported
            }
            for (int n : workers) {
                for (QueueUnderTest queue : queues) {
                    Result r = run(queue, jobs, n);
                    results.add(r);
                    System.out.println(r.line());
                }
            }
            if (obanPython != null) {
                obanRows = Oban.run(obanPython, pgUrl, user, password, jobs, warmup, workers);
            }
        } finally {
            pool.closeAndAwait();
            vertx.closeAndAwait();
            if (started != null) {
                started.close();
            }
        }
        System.out.println();
        System.out.println("| queue | workers | jobs | enqueue jobs/s | drain jobs/s (claim+complete) | claim p50 ms | claim p99 ms "
                + "| claim max ms | load avg 1 min (before → after) |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        results.forEach(r -> System.out.println(r.row()));
        obanRows.forEach(System.out::println);
        if (obanPython == null) {
            System.out.println("(Oban not run: run.sh found no Python 3.12+ with the oban package; see docs/benchmarks-queue.md)");
        }
    }

    static void migrate(String jdbcUrl, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Flyway.configure().dataSource(jdbcUrl, user, password).schemas(SCHEMA).defaultSchema(SCHEMA).createSchemas(true)
                .locations("classpath:db/migration", "classpath:db/support").load().migrate();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("SET search_path = " + SCHEMA);
            PlainQueue.createTable(s);
        }
    }

    record Result(String queue, int workers, int jobs, double enqueuePerSecond, double drainPerSecond, Histogram claims,
                  String loadBefore, String loadAfter) {
        String line() {
            return String.format(Locale.ROOT, "%s, %d worker(s), %d jobs: enqueue %.0f/s, drain %.0f/s, claim p50 %.2f ms, "
                            + "p99 %.2f ms, max %.2f ms (load %s -> %s)", queue, workers, jobs, enqueuePerSecond, drainPerSecond,
                    ms(claims.getValueAtPercentile(50)), ms(claims.getValueAtPercentile(99)), ms(claims.getMaxValue()),
                    loadBefore, loadAfter);
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %s → %s |", queue, workers,
                    jobs, enqueuePerSecond, drainPerSecond, ms(claims.getValueAtPercentile(50)),
                    ms(claims.getValueAtPercentile(99)), ms(claims.getMaxValue()), loadBefore, loadAfter);
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    static Result run(QueueUnderTest queue, int jobs, int workers) throws Exception {
        queue.reset();
        String loadBefore = Machine.load1();
        long t0 = System.nanoTime();
        for (int i = 0; i < jobs; i++) {
            queue.enqueue("bench-" + i, i % 3);
        }
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;

        AtomicInteger completed = new AtomicInteger();
        List<Histogram> histograms = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(workers);
        long t1 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            Histogram h = new Histogram(60_000_000L, 3);
            histograms.add(h);
            String workerId = "bench-worker-" + w;
            Thread thread = new Thread(() -> {
                try {
                    while (completed.get() < jobs) {
                        long a = System.nanoTime();
                        List<?> claimed = queue.claim(workerId);
                        long b = System.nanoTime();
                        if (claimed.isEmpty()) {
                            continue; // another worker holds the last jobs; look again
                        }
                        h.recordValue(Math.max(1, (b - a) / 1000));
                        // no-op work
                        queue.complete(claimed, workerId);
                        completed.addAndGet(claimed.size());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                    completed.set(Integer.MAX_VALUE);
                } finally {
                    done.countDown();
                }
            }, workerId);
            thread.start();
        }
        done.await();
        double drainSeconds = (System.nanoTime() - t1) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a worker failed", failures.get(0));
        }
        queue.verify(jobs);
        Histogram all = new Histogram(60_000_000L, 3);
        histograms.forEach(all::add);
        return new Result(queue.name(), workers, jobs, jobs / enqueueSeconds, jobs / drainSeconds, all, loadBefore,
                Machine.load1());
    }
}
