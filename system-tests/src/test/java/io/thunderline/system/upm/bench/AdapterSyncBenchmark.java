package io.thunderline.system.upm.bench;

import io.restassured.path.json.JsonPath;
import io.thunderline.agent.AgentListener;
import io.thunderline.agent.UpmAgent;
import io.thunderline.contracts.AdapterAck;
import io.thunderline.contracts.ModelType;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.system.upm.UpmService;
import io.thunderline.upm.wire.TestTexts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adapter sync latency: upm-service (its packaged jar, as a process) against real Kafka and PostgreSQL, N agents in
 * this JVM (each with its own Kafka consumer and producer, as separate agent processes would have). Each round sends
 * one feature window; with a snapshot every window, each round is one snapshot → drift check → activation → adapter →
 * N acks. Latency per agent = its ack (acknowledged by Kafka) minus the snapshot's created_at (stored after its weights
 * are compressed and checksummed). Round 1 is a full copy; the rest are deltas: first WARMUP of them, reported on
 * their own (every JVM involved — broker, service, agents — is still compiling its hot paths), then DELTAS measured
 * ones, the steady state of a running system.
 *
 * <pre>java ... AdapterSyncBenchmark AGENTS DELTAS OUT_DIR RESULTS.jsonl [WARMUP]</pre>
 */
public final class AdapterSyncBenchmark {
    static final ModelType FAMILY = ModelType.SENTIMENT_ANALYSIS;

    private AdapterSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Logging goes through slf4j-simple as system-tests' simplelogger.properties sets it: agents at INFO, the 200
        // Kafka clients at WARN (formatting their debug lines would be measuring the logging).
        int agentCount = Integer.parseInt(args[0]);
        int deltas = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        Path results = Path.of(args[3]);
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        Files.createDirectories(out);
        try (Infra infra = Infra.startOrReuse(new Infra.Options(out.resolve("infra").toAbsolutePath(), 0, 0, 0, false))) {
            run(infra.endpoints(), agentCount, warmup, deltas, out, results);
        }
        System.exit(0);
    }

    static void run(InfraEndpoints endpoints, int agentCount, int warmup, int deltas, Path out, Path results) throws Exception {
        String run = UpmService.newRun();
        Map<String, String> config = Map.of(
                "thunderline.upm.snapshots.every-windows", "1",
                // every snapshot must activate for every round to reach the agents; the drift check still runs (and is timed)
                "thunderline.upm.drift.threshold", "1.0");
        // e.g. UPM_BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=out/upm.jfr to see where the service spends the time
        String extra = System.getenv("UPM_BENCH_JAVA_OPTS");
        List<String> jvmOptions = extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
        UpmService service = UpmService.start(endpoints, run, config, jvmOptions,
                out.resolve("upm-service-" + run).toAbsolutePath(), Duration.ofMinutes(2));
        List<UpmAgent> agents = new ArrayList<>();
        Map<Long, Map<String, Instant>> acks = new ConcurrentHashMap<>();
        Map<Long, Map<String, Instant>> handled = new ConcurrentHashMap<>();
        try {
            AgentListener listener = new AgentListener() {
                @Override
                public void handled(AdapterAck ack) {
                    if (ack.applied()) {
                        handled.computeIfAbsent(ack.version(), v -> new ConcurrentHashMap<>()).putIfAbsent(ack.agentId(), Instant.now());
                    }
                }

                @Override
                public void acked(AdapterAck ack) {
                    if (ack.applied()) {
                        acks.computeIfAbsent(ack.version(), v -> new ConcurrentHashMap<>()).putIfAbsent(ack.agentId(), Instant.now());
                    }
                }
            };
            for (int i = 0; i < agentCount; i++) {
                agents.add(UpmAgent.builder().agentKey(io.thunderline.infra.TestTokens.agentKey()).agentId("bench-" + run + "-" + i).families(FAMILY)
                        .bootstrapServers(endpoints.kafkaBootstrap()).heartbeat(Duration.ofMinutes(5)).listener(listener)
                        .build().start());
            }
            for (UpmAgent a : agents) {
                a.awaitCaughtUp(Duration.ofMinutes(2));
            }
            if (SETTLE.toMillis() > 0) {
                Thread.sleep(SETTLE.toMillis());
            }
            acks.clear();
            int rounds = 1 + warmup + deltas;
            List<double[]> perRound = new ArrayList<>();
            List<double[]> perRoundTaken = new ArrayList<>();
            Map<Long, Instant> createdAt = new ConcurrentHashMap<>();
            Map<Long, Instant> takenAt = new ConcurrentHashMap<>();
            Instant started = Instant.now();
            List<Long> ended = new ArrayList<>();
            try (KafkaTestClient kafka = new KafkaTestClient(endpoints.kafkaBootstrap())) {
                for (int r = 1; r <= rounds; r++) {
                    long version = r;
                    acks.remove(version);
                    kafka.send(TestTexts.window("bench-" + run + "-w" + r, FAMILY, TestTexts.examples(32, 1000 + r), false),
                            FAMILY.wireName());
                    waitUntil(Duration.ofMinutes(2), () -> acks.getOrDefault(version, Map.of()).size() == agentCount);
                    ended.add(System.currentTimeMillis());
                    if (ROUND_GAP.toMillis() > 0) {
                        Thread.sleep(ROUND_GAP.toMillis());
                    }
                }
            }
            // read back after the last round, not between rounds: serving these calls (and compiling their code) would
            // otherwise take the service's CPU while the next round is measured
            Map<Long, Map<String, Object>> published = new java.util.HashMap<>();
            List<Map<String, Object>> adapterRows = JsonPath.from(service.get("/upm/adapters?family=" + FAMILY.wireName()
                    + "&limit=" + (rounds + 10)).body()).getList("$");
            adapterRows.forEach(row -> published.put(((Number) row.get("version")).longValue(), row));
            for (int r = 1; r <= rounds; r++) {
                long version = r;
                UpmService.Reply snap = service.get("/upm/snapshots/" + FAMILY.wireName() + "/" + version);
                Instant created = Instant.parse(JsonPath.from(snap.body()).getString("snapshot.createdAt"));
                Instant taken = Instant.parse(JsonPath.from(snap.body()).getString("snapshot.takenAt"));
                createdAt.put(version, created);
                takenAt.put(version, taken);
                double[] ms = sinceMillis(created, acks.get(version));
                perRound.add(ms);
                perRoundTaken.add(sinceMillis(taken, acks.get(version)));
                Map<String, Object> adapter = published.getOrDefault(version, Map.of("kind", "?", "payloadBytes", -1));
                System.out.printf(Locale.ROOT, "round %d%s: %s adapter %d bytes, p50 %.1f ms, max %.1f ms (last ack seen at %d)%n", r,
                        r == 1 ? " (full)" : r <= 1 + warmup ? " (warm-up)" : "",
                        adapter.get("kind"), ((Number) adapter.get("payloadBytes")).intValue(),
                        percentile(ms, 0.5), ms[ms.length - 1], ended.get(r - 1));
            }
            double[] onKafkaToAck = breakdown(endpoints, started, takenAt, createdAt, handled, acks, 2 + warmup, rounds);
            double[] warming = perRound.stream().skip(1).limit(warmup).flatMapToDouble(Arrays::stream).sorted().toArray();
            double[] measured = perRound.stream().skip(1 + warmup).flatMapToDouble(Arrays::stream).sorted().toArray();
            double[] measuredFromTaken = perRoundTaken.stream().skip(1 + warmup).flatMapToDouble(Arrays::stream).sorted().toArray();
            double[] first = perRound.get(0);
            String machine = Runtime.getRuntime().availableProcessors() + " cores";
            try (var w = Files.newBufferedWriter(results, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                w.write(line("first snapshot (full adapter)", agentCount, 1, first, machine));
                int early = Math.min(10, perRoundTaken.size());
                w.write(line("first " + early + " rounds after start (full + deltas), from snapshot taken", agentCount, early,
                        perRoundTaken.stream().limit(early).flatMapToDouble(Arrays::stream).sorted().toArray(), machine));
                if (warming.length > 0) {
                    w.write(line("warm-up snapshots (delta adapters, JIT compiling)", agentCount, warmup, warming, machine));
                }
                if (measured.length > 0) {
                    String later = warmup > 0 ? "later snapshots (delta adapters, after warm-up)" : "later snapshots (delta adapters)";
                    w.write(line(later, agentCount, deltas, measured, machine));
                    // the stricter clock: from the trainer copying the weights (before checksum, compression, storing)
                    w.write(line(later + ", from snapshot taken", agentCount, deltas, measuredFromTaken, machine));
                    if (onKafkaToAck.length > 0) {
                        w.write(line("UPM agents: adapter on Kafka -> ack acknowledged", agentCount, deltas, onKafkaToAck, machine));
                    }
                }
            }
            // the reference, on the same broker and JVM once the agents and the service are gone: bare Kafka clients
            int adapterBytes = JsonPath.from(service.get("/upm/adapters?family=" + FAMILY.wireName() + "&limit=1")
                    .body()).getInt("[0].payloadBytes");
            agents.parallelStream().forEach(UpmAgent::close);
            agents.clear();
            service.close();
            double[] bare = KafkaFanOutBaseline.run(endpoints.kafkaBootstrap(), agentCount, Math.min(warmup, 40), deltas,
                    adapterBytes * 4 / 3);
            System.out.printf(Locale.ROOT, "reference, bare Kafka fan-out: record on Kafka -> ack acknowledged p50 %.1f / p99 %.1f ms%n",
                    percentile(bare, 0.5), percentile(bare, 0.99));
            try (var w = Files.newBufferedWriter(results, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                w.write(line("reference: bare Kafka consumer+producer pairs, record on Kafka -> ack acknowledged", agentCount,
                        deltas, bare, machine));
            }
        } finally {
            agents.parallelStream().forEach(UpmAgent::close);
            service.close();
        }
    }

    /**
     * Where the time goes, per measured delta round ({@code from}..{@code rounds}): snapshot stored → adapter on Kafka
     * (the record's CreateTime: the outbox relay's send) and adapter on Kafka → each agent's ack.
     */
    static double[] breakdown(InfraEndpoints endpoints, Instant started, Map<Long, Instant> takenAt, Map<Long, Instant> createdAt,
                          Map<Long, Map<String, Instant>> handled, Map<Long, Map<String, Instant>> acks, int from, int rounds) {
        Map<Long, Instant> published = new ConcurrentHashMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient(endpoints.kafkaBootstrap())) {
            for (var r : kafka.read(io.thunderline.contracts.Topics.ADAPTERS, Duration.ofSeconds(20), seen -> seen.stream()
                    .filter(x -> x.timestamp() >= started.toEpochMilli()).count() >= rounds)) {
                if (r.timestamp() >= started.toEpochMilli() && r.value() != null) {
                    long v = JsonPath.from(r.value()).getLong("version");
                    published.merge(v, Instant.ofEpochMilli(r.timestamp()), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
        firstRounds(takenAt, createdAt, published, handled, acks, Math.min(rounds, FIRST_ROUNDS));
        List<Double> toKafka = new ArrayList<>();
        List<Double> toAck = new ArrayList<>();
        List<Double> toApplied = new ArrayList<>();
        for (long v = from; v <= rounds; v++) {
            Instant p = published.get(v);
            Instant c = createdAt.get(v);
            if (p == null || c == null) {
                continue;
            }
            toKafka.add(Duration.between(c, p).toNanos() / 1e6);
            acks.getOrDefault(v, Map.of()).values().forEach(t -> toAck.add(Duration.between(p, t).toNanos() / 1e6));
            handled.getOrDefault(v, Map.of()).values().forEach(t -> toApplied.add(Duration.between(p, t).toNanos() / 1e6));
        }
        double[] k = toKafka.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] a = toAck.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] h = toApplied.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (k.length > 0 && a.length > 0 && h.length > 0) {
            System.out.printf(Locale.ROOT, "delta rounds: snapshot stored -> adapter on Kafka p50 %.1f / max %.1f ms; "
                            + "adapter on Kafka -> applied by the agent p50 %.1f / p99 %.1f ms; "
                            + "-> its ack acknowledged by Kafka p50 %.1f / p99 %.1f ms%n", percentile(k, 0.5), k[k.length - 1],
                    percentile(h, 0.5), percentile(h, 0.99), percentile(a, 0.5), percentile(a, 0.99));
        }
        return a;
    }

    /**
     * Idle time after each round's last ack ({@code -Dbench.roundGapMs}, 0 by default: rounds back to back, the hardest
     * case). The service's default cadence is a snapshot every 8 windows.
     */
    static final Duration ROUND_GAP = Duration.ofMillis(Long.getLong("bench.roundGapMs", 0));

    /**
     * Idle time between the agents' start (all caught up) and the first window ({@code -Dbench.settleMs}, 0 by default:
     * the first snapshot comes while 100 agents and the service are still finishing their start).
     */
    static final Duration SETTLE = Duration.ofMillis(Long.getLong("bench.settleMs", 0));

    /** Rounds after start whose stages are printed one by one (the goal covers the first 10). */
    static final int FIRST_ROUNDS = 12;

    /** Where the time of each of the first rounds goes, from the snapshot taken to the last agent's ack. */
    static void firstRounds(Map<Long, Instant> takenAt, Map<Long, Instant> createdAt, Map<Long, Instant> published,
                            Map<Long, Map<String, Instant>> handled, Map<Long, Map<String, Instant>> acks, int rounds) {
        for (long v = 1; v <= rounds; v++) {
            Instant t = takenAt.get(v);
            Instant c = createdAt.get(v);
            Instant p = published.get(v);
            if (t == null || c == null || p == null) {
                continue;
            }
            Map<String, Instant> appliedAt = handled.getOrDefault(v, Map.of());
            Map<String, Instant> ackedAt = acks.getOrDefault(v, Map.of());
            double[] applied = sinceMillis(p, appliedAt);
            double[] acked = sinceMillis(t, ackedAt);
            // per agent: its ack acknowledged by Kafka after it applied the adapter (the agents' producers and the broker)
            double[] ackWait = ackedAt.entrySet().stream().filter(e -> appliedAt.containsKey(e.getKey()))
                    .mapToDouble(e -> Duration.between(appliedAt.get(e.getKey()), e.getValue()).toNanos() / 1e6).sorted().toArray();
            if (applied.length == 0 || acked.length == 0 || ackWait.length == 0) {
                continue;
            }
            System.out.printf(Locale.ROOT, "round %d stages: taken -> stored %.1f ms, stored -> on Kafka %.1f ms, "
                            + "on Kafka -> applied p50 %.1f / max %.1f ms, applied -> acked p50 %.1f / max %.1f ms; "
                            + "taken -> acked p50 %.1f / max %.1f ms%n", v,
                    Duration.between(t, c).toNanos() / 1e6, Duration.between(c, p).toNanos() / 1e6,
                    percentile(applied, 0.5), applied[applied.length - 1], percentile(ackWait, 0.5), ackWait[ackWait.length - 1],
                    percentile(acked, 0.5), acked[acked.length - 1]);
        }
    }

    private static double[] sinceMillis(Instant from, Map<String, Instant> times) {
        return times.values().stream().mapToDouble(x -> Duration.between(from, x).toNanos() / 1e6).sorted().toArray();
    }

    static String line(String what, int agents, int rounds, double[] ms, String machine) {
        return String.format(Locale.ROOT, "{\"adapter_sync\": \"%s\", \"agents\": %d, \"rounds\": %d, \"acks\": %d, "
                        + "\"p50_ms\": %.1f, \"p99_ms\": %.1f, \"max_ms\": %.1f, \"machine\": \"%s\"}%n",
                what, agents, rounds, ms.length, percentile(ms, 0.5), percentile(ms, 0.99), ms[ms.length - 1], machine);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Duration timeout, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
