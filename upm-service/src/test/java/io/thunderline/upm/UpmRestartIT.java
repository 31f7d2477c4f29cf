package io.thunderline.upm;

import io.restassured.path.json.JsonPath;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.infra.GuardedProcess;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.ProjectPaths;
import io.thunderline.infra.ServiceSpec;
import io.thunderline.infra.UpmTestConfig;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.TestTexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * upm-service as a real process (its packaged jar) killed with kill -9 between snapshots and started again on the same
 * database: it resumes from its last snapshot plus the windows applied after it, takes the windows sent while it was
 * down, and the next snapshots hold exactly the weights of one uninterrupted pass over every window — none lost, none
 * applied twice.
 */
class UpmRestartIT {
    static final ModelType FAMILY = ModelType.TEXT_CLASSIFICATION;
    static final String F = FAMILY.wireName();
    static final Duration WAIT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newHttpClient();
    private GuardedProcess service;
    private Infra ownInfra;
    private int port;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop(30);
        }
        if (ownInfra != null) {
            ownInfra.close();
        }
    }

    /** The servers named in the environment (the build's shared ones), else servers of our own. */
    private InfraEndpoints endpoints() {
        ownInfra = Infra.startOrReuse(Infra.Options.forTests("upm-restart"));
        return ownInfra.endpoints();
    }

    @Test
    void aRestartResumesFromTheLastSnapshotWithoutLosingOrRepeatingWindows() throws Exception {
        InfraEndpoints endpoints = endpoints();
        String run = UpmTestConfig.newRun();
        Map<String, String> config = UpmTestConfig.isolated(endpoints, run);
        port = freePort();
        config.put("quarkus.http.port", Integer.toString(port));
        Path log = ProjectPaths.testState("upm-restart").resolve("upm-service-" + run + ".log");
        List<FeatureWindow> sent = new ArrayList<>();
        try (KafkaTestClient kafka = new KafkaTestClient(endpoints.kafkaBootstrap())) {
            service = launch(config, log);
            for (int i = 1; i <= 5; i++) {
                sent.add(send(kafka, run, i));
            }
            await().atMost(WAIT).until(() -> "activated".equals(status(1)));
            await().atMost(WAIT).until(() -> applied() == 5);
            service.kill9();

            // sent while the service is down: they wait in Kafka
            sent.add(send(kafka, run, 6));
            sent.add(send(kafka, run, 7));
            service = launch(config, log);
            await().atMost(WAIT).until(() -> "activated".equals(status(2)));
            await().atMost(WAIT).until(() -> applied() == 7);
            assertThat(snapshot(2).getInt("snapshot.windows")).isEqualTo(3);
            assertThat(snapshot(2).getString("snapshot.checksum"))
                    .isEqualTo(Checksums.sha256(TestTexts.reference(sent.subList(0, 6), 16, 0.5).snapshotWeights()));

            sent.add(send(kafka, run, 8));
            sent.add(send(kafka, run, 9));
            await().atMost(WAIT).until(() -> "activated".equals(status(3)));
            assertThat(snapshot(3).getString("snapshot.checksum"))
                    .isEqualTo(Checksums.sha256(TestTexts.reference(sent, 16, 0.5).snapshotWeights()));
            assertThat(snapshot(3).getLong("snapshot.examples")).isEqualTo(9 * 16L);
            assertThat(applied()).isEqualTo(9);
        }
        assertThat(Files.readString(log)).contains(F + ": trainer loaded from snapshot v1 plus 2 replayed windows");
        // each start rehearsed a snapshot's transactions on general_chat and rolled them back: nothing of it is stored
        assertThat(Files.readString(log).split("their transactions rehearsed and rolled back", -1)).hasSize(3);
        assertThat(JsonPath.from(get("/upm/families").body()).getList("family", String.class)).containsExactly(F);
    }

    private static FeatureWindow send(KafkaTestClient kafka, String run, int i) {
        FeatureWindow w = TestTexts.window("restart-" + run + "-w" + i, FAMILY, TestTexts.examples(16, 31L * i + 5), false);
        kafka.send(w, F);
        return w;
    }

    private GuardedProcess launch(Map<String, String> config, Path log) throws Exception {
        ServiceSpec spec = ServiceSpec.named("upm-service");
        assertThat(spec.jar()).as("packaged upm-service (mvn package)").exists();
        List<String> command = spec.javaCommand();
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", spec.jar().toString()));
        GuardedProcess p = GuardedProcess.start("upm-service", command, spec.jar().getParent(), log, Map.of(), 20);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
            assertThat(p.alive()).as("upm-service running; see " + log).isTrue();
            return get("/q/health/ready").statusCode() == 200;
        });
        return p;
    }

    private String status(long version) throws Exception {
        Reply r = get("/upm/snapshots/" + F + "/" + version);
        return r.statusCode() == 200 ? JsonPath.from(r.body()).getString("snapshot.status") : "absent";
    }

    private JsonPath snapshot(long version) throws Exception {
        Reply r = get("/upm/snapshots/" + F + "/" + version);
        assertThat(r.statusCode()).isEqualTo(200);
        return JsonPath.from(r.body());
    }

    private long applied() throws Exception {
        Long n = JsonPath.from(get("/upm/families").body()).getLong("find { it.family == '" + F + "' }.windowsApplied");
        return n == null ? 0 : n;
    }

    private Reply get(String path) throws InterruptedException {
        return Reply.get(http, "http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
