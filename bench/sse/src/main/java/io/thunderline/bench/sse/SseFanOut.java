package io.thunderline.bench.sse;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.GuardedProcess;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;

import io.thunderline.infra.Ports;
import io.thunderline.infra.ProjectPaths;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSE fan-out of one prompt-ui-service instance: N event-stream clients on 127.0.0.1, job updates produced to Kafka at
 * a fixed rate, and for every update the time from produce to arrival at each client that may see it.
 * <p>
 * Modes: {@code own} — every client is a different user watching their own job (an update goes to one client, the
 * realistic page load); {@code all} — every client is the same user, so every update goes to every client (the
 * worst case of fan-out). A client whose connection drops reconnects with Last-Event-ID, as a browser does; an update
 * a client should have seen and never got counts as lost.
 */
public final class SseFanOut {
    record Options(int clients, int rate, int seconds, String mode, String uiUrl, int warmupSeconds, int warmSeconds,
                   List<String> args) {
        static Options parse(String[] args) {
            int clients = 1000;
            int rate = 1000;
            int seconds = 30;
            String mode = "own";
            String ui = null;
            int warmup = 5;
            int warm = 0;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--tiny" -> {
                        clients = 20;
                        rate = 100;
                        seconds = 5;
                        warmup = 1;
                    }
                    case "--clients" -> clients = Integer.parseInt(args[++i]);
                    case "--rate" -> rate = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                    case "--mode" -> mode = args[++i];
                    case "--ui-url" -> ui = args[++i];
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    // updates at the full rate before the measured ones (their latencies not counted, their
                    // deliveries still checked): the page service's JIT compiles the hot path in these seconds
                    case "--warm-seconds" -> warm = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; use --tiny | --clients N --rate R --seconds S --mode own|all [--warm-seconds W] [--ui-url URL]");
                }
            }
            if (!mode.equals("own") && !mode.equals("all")) {
                throw new IllegalArgumentException("--mode is own or all");
            }
            return new Options(clients, rate, seconds, mode, ui, warmup, warm, List.of(args));
        }

        int users() {
            return mode.equals("own") ? clients : 1;
        }
    }

    static final Pattern ID = Pattern.compile("^id: (.+)$");
    /** When a client last received an update it had not seen (System.nanoTime): the end of the run's deliveries. */
    static final AtomicLong LAST_DELIVERY = new AtomicLong();
    static final Pattern SENT = Pattern.compile("\"message\":\"bench:(\\d+)\"");

    /** One event-stream client: parses the stream, records latency, remembers the ids it saw. */
    static final class Client {
        final int index;
        final String user;
        final String job;
        final String auth;
        final java.util.BitSet seen = new java.util.BitSet();
        long duplicates;
        int reconnects;
        String lastId;
        volatile boolean open;
        final StringBuilder partial = new StringBuilder();
        String pendingId;

        Client(int index, String user, String job) {
            this.index = index;
            this.user = user;
            this.job = job;
            this.auth = "Basic " + Base64.getEncoder().encodeToString((user + ":pw").getBytes(StandardCharsets.UTF_8));
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        LOAD_BEFORE = loadAverage();
        Path work = ProjectPaths.root().resolve("bench/sse/target/run-" + System.currentTimeMillis());
        Files.createDirectories(work);
        System.out.printf("[bench-sse] %s%n", o);
        try (Infra infra = Infra.startOrReuse(new Infra.Options(work.resolve("infra"), 0, 0, 0, false))) {
            run(o, infra.endpoints(), work);
        }
        System.exit(0);
    }

    static void run(Options o, InfraEndpoints endpoints, Path work) throws Exception {
        String instance = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> jobs = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < o.users(); i++) {
            jobs.add("bench-" + instance + "-" + i);
        }
        for (int i = 0; i < o.clients(); i++) {
            int u = o.mode().equals("own") ? i : 0;
            clients.add(new Client(i, "u" + u, jobs.get(u)));
        }
        writeUsers(work, o.users());
        GuardedProcess ui = null;
        String url = o.uiUrl();
        if (url == null) {
            int port = Ports.free();
            url = "http://127.0.0.1:" + port;
            ui = startUi(endpoints, work, port, instance);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        try (KafkaProducer<String, String> producer = producer(endpoints)) {
            seedJobs(endpoints, jobs);
            long uiPid = ui == null ? -1 : ui.childPid();
            Memory before = Memory.of(uiPid);

            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(o.clients() + 10)
                    .setKeepAlive(true).setIdleTimeout(0).setConnectTimeout(30_000), new io.vertx.core.http.PoolOptions()
                    .setHttp1MaxSize(o.clients() + 10).setMaxWaitQueueSize(-1));
            Recorder latency = new Recorder(3_600_000_000L, 3);
            AtomicLong delivered = new AtomicLong();
            URI base = URI.create(url);
            long t0 = System.nanoTime();
            for (Client c : clients) {
                connect(http, base, c, latency, delivered);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120 + o.clients() / 50);
            while (clients.stream().filter(c -> c.open).count() < o.clients() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long open = clients.stream().filter(c -> c.open).count();
            System.out.printf("[bench-sse] %d of %d streams open after %.1f s%n", open, o.clients(), (System.nanoTime() - t0) / 1e9);
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.warmupSeconds()));
            Memory connected = Memory.of(uiPid);

            long[] seq = new long[jobs.size()];
            // warm-up: one update per job, and wait until every client has it, so the page service has caught up with
            // whatever the topic held before (a new consumer group starts from the beginning) and the JIT is warm
            for (int j = 0; j < jobs.size(); j++) {
                producer.send(record(queued(jobs.get(j), "u" + j)));
                seq[j]++;
            }
            producer.flush();
            long warmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (delivered.get() < o.clients() && System.nanoTime() < warmDeadline) {
                Thread.sleep(100);
            }
            System.out.printf("[bench-sse] warm-up delivered %d of %d%n", delivered.get(), o.clients());
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.warmupSeconds()));
            if (o.warmSeconds() > 0) {
                produce(producer, jobs, seq, o.rate(), (long) o.rate() * o.warmSeconds());
                awaitDeliveries(clients, jobs, seq, delivered);
                System.out.printf("[bench-sse] %d s at %d/s before measuring: %d deliveries%n", o.warmSeconds(), o.rate(),
                        delivered.get());
            }
            latency.reset();
            Cpu cpuBefore = Cpu.of(uiPid);

            long total = (long) o.rate() * o.seconds();
            long start = System.nanoTime();
            produce(producer, jobs, seq, o.rate(), total);
            double produceSeconds = (System.nanoTime() - start) / 1e9;
            long expected = awaitDeliveries(clients, jobs, seq, delivered);
            Cpu cpu = Cpu.of(uiPid).minus(cpuBefore);
            Thread.sleep(1000);
            // what the page service sustained end to end (consume, apply, publish, deliver): all updates over the time
            // from the first produce to the last delivery; below the produced rate, a backlog built up
            double deliveredSeconds = (LAST_DELIVERY.get() - start) / 1e9;
            Histogram h = latency.getIntervalHistogram();
            long lost = 0;
            long dups = 0;
            int reconnects = 0;
            for (Client c : clients) {
                long want = seq[jobs.indexOf(c.job)];
                lost += want - c.seen.get(0, (int) want).cardinality();
                dups += c.duplicates;
                reconnects += c.reconnects;
            }
            Memory after = Memory.of(uiPid);
            report(o, endpoints, total, produceSeconds, deliveredSeconds, expected, delivered.get(), lost, dups, reconnects, h, before, connected,
                    after, open, work, cpu);
            http.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (ui != null) {
                ui.stop(30);
            }
        }
    }

    /** Produces {@code total} updates at {@code rate} per second, spread over the jobs: a batch every 10 ms. */
    static void produce(KafkaProducer<String, String> producer, List<String> jobs, long[] seq, int rate, long total)
            throws InterruptedException {
        long start = System.nanoTime();
        long n = 0;
        for (long tick = 0; n < total; tick++) {
            long due = start + tick * 10_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long until = Math.min(total, (tick + 1) * rate / 100);
            for (; n < until; n++) {
                int j = (int) (n % jobs.size());
                producer.send(record(update(jobs.get(j), seq[j]++, n)));
            }
        }
        producer.flush();
    }

    /** Waits (up to 60 s) until every client has every update of its job sent so far; returns how many that is. */
    static long awaitDeliveries(List<Client> clients, List<String> jobs, long[] seq, AtomicLong delivered)
            throws InterruptedException {
        long expected = 0;
        for (Client c : clients) {
            expected += seq[jobs.indexOf(c.job)];
        }
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (delivered.get() < expected && System.nanoTime() < drainDeadline) {
            Thread.sleep(200);
        }
        return expected;
    }

    /** A job's first update, as the trainer sends it: queued, with the request that names the job's owner. */
    static JobUpdate queued(String job, String owner) {
        Instant now = Instant.now();
        TrainingRequested request = new TrainingRequested(Contracts.SCHEMA_VERSION, job, "bench-dataset", 1,
                ModelType.TEXT_CLASSIFICATION, Priority.NORMAL, false, false, "bench", owner, now);
        return new JobUpdate(Contracts.SCHEMA_VERSION, job, 0, JobStatus.QUEUED, null, null, null, null, Map.of(),
                Map.of(), "bench:" + System.nanoTime(), now, request, null);
    }

    static JobUpdate update(String job, long seq, long n) {
        return new JobUpdate(Contracts.SCHEMA_VERSION, job, seq, JobStatus.RUNNING, 3, JobUpdate.phaseName(3), null,
                (int) (n % 100), Map.of("loss", 0.5, "accuracy", 0.8), Map.of(), "bench:" + System.nanoTime(), Instant.now());
    }

    static void connect(HttpClient http, URI base, Client c, Recorder latency, AtomicLong delivered) {
        RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(base.getPort())
                .setURI("/api/jobs/stream").putHeader("Authorization", c.auth).putHeader("Accept", "text/event-stream")
                .setIdleTimeout(0);
        if (c.lastId != null) {
            req.putHeader("Last-Event-ID", c.lastId);
        }
        http.request(req).compose(r -> r.send()).onSuccess(resp -> {
            if (resp.statusCode() != 200) {
                System.err.println("[bench-sse] stream of " + c.user + " answered " + resp.statusCode());
                return;
            }
            c.open = true;
            resp.handler(buf -> {
                c.partial.append(buf.toString(StandardCharsets.UTF_8));
                int end;
                while ((end = c.partial.indexOf("\n")) >= 0) {
                    String line = c.partial.substring(0, end);
                    c.partial.delete(0, end + 1);
                    onLine(c, line, latency, delivered);
                }
            });
            resp.endHandler(v -> reconnect(http, base, c, latency, delivered));
            resp.exceptionHandler(e -> { });
        }).onFailure(e -> reconnect(http, base, c, latency, delivered));
    }

    static void reconnect(HttpClient http, URI base, Client c, Recorder latency, AtomicLong delivered) {
        c.open = false;
        c.reconnects++;
        c.partial.setLength(0);
        connect(http, base, c, latency, delivered);
    }

    static void onLine(Client c, String line, Recorder latency, AtomicLong delivered) {
        if (line.startsWith("id: ")) {
            c.pendingId = line.substring(4);
        } else if (line.startsWith("data: ") && c.pendingId != null && c.pendingId.startsWith(c.job + ":")) {
            long now = System.nanoTime();
            Matcher m = SENT.matcher(line);
            if (m.find()) {
                latency.recordValue(Math.max(0, (now - Long.parseLong(m.group(1))) / 1000));
            }
            int seq = Integer.parseInt(c.pendingId.substring(c.pendingId.lastIndexOf(':') + 1));
            if (c.seen.get(seq)) {
                c.duplicates++;
            } else {
                c.seen.set(seq);
                delivered.incrementAndGet();
                LAST_DELIVERY.accumulateAndGet(now, Math::max);
            }
            c.lastId = c.pendingId;
        } else if (line.isEmpty()) {
            c.pendingId = null;
        }
    }

    static ProducerRecord<String, String> record(JobUpdate u) {
        ProducerRecord<String, String> r = new ProducerRecord<>(EventType.JOB_UPDATED.topic(), u.jobId(), EventCodec.toJson(u));
        Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", EventType.JOB_UPDATED.ceType(),
                        "ce_source", Contracts.SOURCE_PREFIX + "bench", "content-type", "application/json")
                .forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    static KafkaProducer<String, String> producer(InfraEndpoints e) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.LINGER_MS_CONFIG, "1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** The page lists only jobs it knows the owner of: the bench's jobs are put in its list as a submission would. */
    static void seedJobs(InfraEndpoints e, List<String> jobs) throws Exception {
        awaitTable(e);
        try (Connection c = DriverManager.getConnection(e.pgJdbcUrl(), e.pgUser(), e.pgPassword());
             PreparedStatement s = c.prepareStatement("INSERT INTO ui.job_view (job_id, created_by, status, last_seq, model_type,"
                     + " priority) VALUES (?, ?, 'queued', -1, 'text_classification', 'normal') ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < jobs.size(); i++) {
                s.setString(1, jobs.get(i));
                s.setString(2, "u" + i);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    static void awaitTable(InfraEndpoints e) throws Exception {
        for (int i = 0; i < 600; i++) {
            try (Connection c = DriverManager.getConnection(e.pgJdbcUrl(), e.pgUser(), e.pgPassword())) {
                c.createStatement().executeQuery("SELECT 1 FROM ui.job_view LIMIT 1").close();
                return;
            } catch (java.sql.SQLException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("ui.job_view never appeared: did prompt-ui-service start?");
    }

    static void writeUsers(Path work, int users) throws IOException {
        StringBuilder u = new StringBuilder("# generated by the SSE benchmark\n");
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < users; i++) {
            u.append('u').append(i).append("=pw\n");
            r.append('u').append(i).append("=user\n");
        }
        Files.writeString(work.resolve("thunderline-users.properties"), u);
        Files.writeString(work.resolve("thunderline-roles.properties"), r);
    }

    static GuardedProcess startUi(InfraEndpoints e, Path work, int port, String instance) throws Exception {
        Path jar = ProjectPaths.root().resolve("prompt-ui-service/target/quarkus-app/quarkus-run.jar");
        List<String> cmd = new ArrayList<>();
        String cpus = System.getenv("UI_CPUS"); // e.g. 0: the page service on its own core, away from this program
        if (cpus != null && !cpus.isBlank()) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.addAll(List.of(javaBin(), "-Xmx1g", "-XX:+UseSerialGC"));
        String extra = System.getenv("UI_JAVA_OPTS"); // e.g. -XX:StartFlightRecording=filename=/tmp/ui.jfr
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(List.of(extra.trim().split("\\s+")));
        }
        Map<String, String> config = new java.util.LinkedHashMap<>(e.quarkusConfig());
        // the page signs its (status) calls to the backends: a key pair, though no backend runs in this benchmark
        config.putAll(io.thunderline.infra.ServiceKeys.forTestRun().quarkusConfig());
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("thunderline.ui.instance", instance);
        config.put("quarkus.log.level", "WARN");
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        // the working directory holds the generated users: the realm reads thunderline-users.properties from there
        GuardedProcess p = GuardedProcess.start("prompt-ui-service", cmd, work, work.resolve("prompt-ui-service.log"), Map.of(), 20);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            if (!p.alive()) {
                throw new IllegalStateException("prompt-ui-service exited; see " + p.log());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return p;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("prompt-ui-service not ready in 300 s; see " + p.log());
    }

    /** Resident memory and live heap of the page service, after a full GC. */
    record Memory(long rssKb, long heapUsedKb) {
        static Memory of(long pid) {
            if (pid <= 0) {
                return new Memory(-1, -1);
            }
            try {
                jcmd(pid, "GC.run");
                String heap = jcmd(pid, "GC.heap_info");
                Matcher m = Pattern.compile("used (\\d+)K").matcher(heap);
                long used = m.find() ? Long.parseLong(m.group(1)) : -1;
                long rss = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                        .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                        .findFirst().orElse(-1);
                return new Memory(rss, used);
            } catch (Exception e) {
                return new Memory(-1, -1);
            }
        }

        static String jcmd(long pid, String command) throws Exception {
            Path jcmd = Path.of(javaBin()).resolveSibling("jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        }
    }

    static void report(Options o, InfraEndpoints e, long produced, double produceSeconds, double deliveredSeconds,
                       long expected, long delivered,
                       long lost, long dups, int reconnects, Histogram h, Memory before, Memory connected, Memory after,
                       long open, Path work, Cpu cpu) throws IOException {
        double perConnRss = before.rssKb() < 0 ? -1 : (connected.rssKb() - before.rssKb()) * 1024.0 / Math.max(1, o.clients());
        double perConnHeap = before.heapUsedKb() < 0 ? -1
                : (connected.heapUsedKb() - before.heapUsedKb()) * 1024.0 / Math.max(1, o.clients());
        String machine = machine();
        String text = String.format(Locale.ROOT, """
                SSE fan-out, one prompt-ui-service instance (%s)
                  mode %s: %d clients (%d open), %d users; %d updates produced in %.1f s (%.0f/s)
                  deliveries expected %d, delivered %d, LOST %d, duplicates %d, reconnects %d
                  last delivery %.1f s after the first produce: %.0f updates/s sustained end to end
                  produce -> client latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)
                  memory per connection: RSS %.1f KiB, live heap %.1f KiB (RSS %d -> %d MiB, heap %d -> %d MiB)
                  CPU from the first produce to the last delivery: %s
                  machine: %s
                | %s | %d | %.0f/s | %.1f | %.1f | %.1f | %.1f KiB | %.1f KiB | %d | %d |
                """, LocalDateTime.now().withNano(0), o.mode(), o.clients(), open, o.users(), produced, produceSeconds,
                produced / produceSeconds, expected, delivered, lost, dups, reconnects, deliveredSeconds,
                produced / deliveredSeconds,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getMaxValue() / 1000.0, h.getTotalCount(), perConnRss / 1024, perConnHeap / 1024,
                before.rssKb() / 1024, connected.rssKb() / 1024, before.heapUsedKb() / 1024, connected.heapUsedKb() / 1024,
                cpu, machine, o.mode(), o.clients(), produced / produceSeconds, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, perConnRss / 1024, perConnHeap / 1024,
                lost, reconnects);
        System.out.println(text);
        Files.writeString(work.resolve("result.txt"), text);
        // the raw figures, one JSON line per run, kept with the sources (bench/sse/results/)
        String json = String.format(Locale.ROOT, "{\"at\":\"%s\",\"args\":\"%s\",\"mode\":\"%s\",\"clients\":%d,"
                        + "\"open\":%d,\"rate\":%d,\"seconds\":%d,\"produced\":%d,\"producedPerSecond\":%.1f,"
                        + "\"sustainedPerSecond\":%.1f,\"expected\":%d,\"delivered\":%d,\"lost\":%d,\"duplicates\":%d,"
                        + "\"reconnects\":%d,\"p50Ms\":%.2f,\"p90Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,\"samples\":%d,"
                        + "\"rssPerConnectionKiB\":%.2f,\"heapPerConnectionKiB\":%.2f,\"uiCpuSeconds\":%.2f,"
                        + "\"benchCpuSeconds\":%.2f,\"machineBusyCpuSeconds\":%.2f,\"wallSeconds\":%.2f,\"cores\":%d,"
                        + "\"loadBefore\":\"%s\",\"loadAfter\":\"%s\"}%n",
                java.time.Instant.now(), String.join(" ", o.args()) + pinning(), o.mode(), o.clients(), open, o.rate(), o.seconds(),
                produced, produced / produceSeconds, produced / deliveredSeconds, expected, delivered, lost, dups,
                reconnects, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, h.getTotalCount(), perConnRss / 1024,
                perConnHeap / 1024, cpu.uiSeconds(), cpu.benchSeconds(), cpu.machineBusySeconds(), cpu.wallSeconds(),
                Cpu.cores(), LOAD_BEFORE, loadAverage());
        Path results = ProjectPaths.root().resolve("bench/sse/results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("sse.jsonl"), json, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        if (lost > 0) {
            System.out.println("[bench-sse] FAILED: " + lost + " updates lost");
            System.exit(2);
        }
    }

    static String LOAD_BEFORE = "?";

    /** How run.sh pinned the processes, if it did (kept with the figures). */
    static String pinning() {
        String ui = System.getenv("UI_CPUS");
        String bench = System.getenv("BENCH_CPUS");
        return (ui == null ? "" : " UI_CPUS=" + ui) + (bench == null ? "" : " BENCH_CPUS=" + bench);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * CPU time (seconds) of the page service, of this program (producer and clients) and of the whole machine (busy
     * time of every core, /proc/stat), to tell whether the machine, rather than the code, set the figures.
     */
    record Cpu(double uiSeconds, double benchSeconds, double machineBusySeconds, double wallSeconds) {
        static final double TICK = 100.0; // USER_HZ

        static Cpu of(long uiPid) {
            try {
                String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < all.length; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(all[i]);
                    }
                }
                return new Cpu(uiPid > 0 ? ticks(uiPid) / TICK : 0, ticks(ProcessHandle.current().pid()) / TICK,
                        busy / TICK, System.nanoTime() / 1e9);
            } catch (Exception e) {
                return new Cpu(-1, -1, -1, System.nanoTime() / 1e9);
            }
        }

        static long ticks(long pid) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        }

        Cpu minus(Cpu before) {
            return new Cpu(uiSeconds - before.uiSeconds, benchSeconds - before.benchSeconds,
                    machineBusySeconds - before.machineBusySeconds, wallSeconds - before.wallSeconds);
        }

        /** The machine's cores (this program may be pinned to fewer: availableProcessors would say so). */
        static int cores() {
            try {
                return (int) Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
            } catch (IOException e) {
                return Runtime.getRuntime().availableProcessors();
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f s wall; page service %.1f s, this program %.1f s, machine busy %.1f s"
                    + " of %.1f s (%d cores)", wallSeconds, uiSeconds, benchSeconds, machineBusySeconds,
                    wallSeconds * cores(), cores());
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String machine() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
            long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong).findFirst().orElse(0);
            String load = Files.readString(Path.of("/proc/loadavg")).strip();
            return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB RAM, Java %s, load average at the end %s",
                    Runtime.getRuntime().availableProcessors(), cpu, memKb / 1048576.0, System.getProperty("java.version"), load);
        } catch (IOException e) {
            return "?";
        }
    }
}
