package io.thunderline.system.upm;

import io.restassured.path.json.JsonPath;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.TestTexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos, issue 21: upm-service killed (kill -9) in the middle of a stream of 50 feature windows, which keep arriving
 * while it is down, then started again. Every window is applied exactly once: the family counts 50, and the last
 * snapshot holds exactly the weights of one uninterrupted pass over its 48 windows (the reference learner's).
 * upm-service runs alone as a process on the shared broker and database, with a schema and consumer groups of its own.
 */
class UpmCrashChaosIT {
    static final ModelType FAMILY = ModelType.TEXT_CLASSIFICATION;
    static final String F = FAMILY.wireName();
    static final int WINDOWS = 50;
    static final int EVERY = 3;
    static final Duration WAIT = Duration.ofSeconds(90);

    static InfraEndpoints endpoints;
    static UpmService upm;

    @BeforeAll
    static void start() {
        endpoints = Infra.shared().endpoints();
        // no candidate is quarantined for drift: the test compares the weights of every snapshot's full lineage
        upm = UpmService.start(endpoints, UpmService.newRun(), Map.of("thunderline.upm.snapshots.every-windows",
                        Integer.toString(EVERY), "thunderline.upm.drift.threshold", "1.0"), List.of(),
                Path.of("target/upm-crash-logs").toAbsolutePath(), WAIT);
    }

    @AfterAll
    static void stop() {
        if (upm != null) {
            upm.close();
        }
    }

    @Test
    void aKill9MidStreamLosesNoWindowAndAppliesNoneTwice() throws Exception {
        List<FeatureWindow> sent = new CopyOnWriteArrayList<>();
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try (KafkaTestClient kafka = new KafkaTestClient(endpoints.kafkaBootstrap())) {
            Future<?> sending = sender.submit(() -> {
                for (int i = 1; i <= WINDOWS; i++) {
                    FeatureWindow w = TestTexts.window("crash-" + upm.run() + "-w" + i, FAMILY,
                            TestTexts.examples(16, 97L * i + 3), false);
                    kafka.send(w, F);
                    sent.add(w);
                    sleep(150);
                }
            });
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> applied() >= 15);
            upm.kill9();
            long killedAt = System.nanoTime();
            sleep(2000); // windows keep coming while it is down: they wait in Kafka
            upm.restart(WAIT);
            System.out.printf("upm-service ready again %.1f s after kill -9%n", (System.nanoTime() - killedAt) / 1e9);

            sending.get(60, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> applied() == WINDOWS);
            int last = WINDOWS / EVERY;
            await().atMost(WAIT).until(() -> upm.get("/upm/snapshots/" + F + "/" + last).statusCode() == 200);
            JsonPath snapshot = JsonPath.from(upm.get("/upm/snapshots/" + F + "/" + last).body());
            assertThat(snapshot.getLong("snapshot.examples")).isEqualTo((long) last * EVERY * 16);
            assertThat(snapshot.getString("snapshot.checksum")).as("weights of one pass over windows 1.." + last * EVERY)
                    .isEqualTo(Checksums.sha256(TestTexts.reference(sent.subList(0, last * EVERY), 16, 0.5)
                            .snapshotWeights()));
            Thread.sleep(3000); // a window applied twice would show up as a count above 50 by now
            assertThat(applied()).isEqualTo(WINDOWS);
        } finally {
            sender.shutdownNow();
        }
    }

    static long applied() {
        UpmService.Reply r = upm.get("/upm/families");
        if (r.statusCode() != 200) {
            return -1; // down or starting
        }
        Object n = JsonPath.from(r.body()).get("find { it.family == '" + F + "' }.windowsApplied");
        return n == null ? 0 : ((Number) n).longValue(); // no family before its first window
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
