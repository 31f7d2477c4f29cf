package io.thunderline.system.upm;

import io.restassured.RestAssured;
import io.thunderline.infra.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.thunderline.agent.UpmAgent;
import io.thunderline.contracts.AdapterEvent;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.DriftReport;
import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotEvent;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.contracts.Topics;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.Compression;
import io.thunderline.upm.wire.FamilyPrediction;
import io.thunderline.upm.wire.TestTexts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The UPM pipeline: upm-service as a process (its packaged jar) against real Kafka and PostgreSQL, with agents running
 * in this JVM through the agent SDK: windows → snapshot → adapter → agents → status, redelivery, a bad checksum, drift
 * quarantine, override, rollback, a late agent that needs a full copy, the feature flag, dead letters and retention.
 * Everything is checked from outside: the service's REST API, its Kafka topics, its database rows. The steps build on
 * each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpmPipelineIT {
    static final ModelType FAMILY = ModelType.SENTIMENT_ANALYSIS;
    static final String F = FAMILY.wireName();
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Instant STARTED = Instant.now();

    static final String RUN = UpmService.newRun();
    static final List<FeatureWindow> sent = new ArrayList<>();
    static final List<UpmAgent> agents = new CopyOnWriteArrayList<>();
    static final List<TestTexts.Example> testSet = TestTexts.examples(20, 999);
    static InfraEndpoints endpoints;
    static UpmService service;
    static KafkaTestClient kafka;
    static String firstCeId;

    @BeforeAll
    static void startServiceAndAgents() throws InterruptedException {
        endpoints = Infra.shared().endpoints();
        // retention looks every second from the start; nothing is old enough until the retention step ages the
        // snapshots, and then all but the active one and the last are archived
        service = UpmService.start(endpoints, RUN, Map.of("thunderline.upm.snapshots.retention-check", "1s",
                        "thunderline.upm.snapshots.retention-delay", "1s", "thunderline.upm.snapshots.keep-last", "1"),
                List.of(),
                Path.of("target/upm-logs/pipeline-" + RUN).toAbsolutePath(), Duration.ofSeconds(120));
        kafka = new KafkaTestClient(endpoints.kafkaBootstrap());
        for (String id : List.of("a1", "a2", "a3")) {
            agents.add(agent(id));
        }
        for (UpmAgent a : agents) {
            assertThat(a.awaitCaughtUp(WAIT)).isTrue();
        }
    }

    static UpmAgent agent(String id) {
        return UpmAgent.builder().agentKey(TestTokens.agentKey()).agentId(RUN + "-" + id).families(FAMILY)
                .bootstrapServers(endpoints.kafkaBootstrap())
                .heartbeat(Duration.ofSeconds(2)).build().start();
    }

    @AfterAll
    static void stopAgentsAndService() {
        agents.forEach(UpmAgent::close);
        if (kafka != null) {
            kafka.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /** A request to the service under test. */
    static RequestSpecification given() {
        return RestAssured.given().baseUri(service.url()).header("Authorization", TestTokens.admin("upm-service"));
    }

    static FeatureWindow sendWindow(int index, boolean flipped) {
        FeatureWindow w = TestTexts.window(RUN + "-w" + index, FAMILY, TestTexts.examples(16, index * 7919L), flipped);
        String ceId = kafka.send(w, F);
        if (index == 1) {
            firstCeId = ceId;
        }
        sent.add(w);
        return w;
    }

    static JsonPath snapshot(long version) {
        return given().get("/upm/snapshots/" + F + "/" + version).then().statusCode(200).extract().jsonPath();
    }

    static String snapshotStatus(long version) {
        int code = given().get("/upm/snapshots/" + F + "/" + version).statusCode();
        return code == 200 ? snapshot(version).getString("snapshot.status") : "absent";
    }

    static void awaitAgentsAt(long version, List<UpmAgent> which) {
        await().atMost(WAIT).untilAsserted(() -> {
            for (UpmAgent a : which) {
                assertThat(a.version(FAMILY)).as(a.agentId()).hasValue(version);
            }
        });
        String checksum = snapshot(version).getString("snapshot.checksum");
        for (UpmAgent a : which) {
            assertThat(a.weightsChecksum(FAMILY)).as(a.agentId() + " weights").hasValue(checksum);
        }
    }

    static void awaitSynced(int n) {
        awaitSyncedOf(n, n);
    }

    static void assertPredictionsMatchService() {
        for (TestTexts.Example e : testSet) {
            FamilyPrediction service = given().contentType(ContentType.JSON).body(Map.of("text", e.text()))
                    .post("/upm/families/" + F + "/predict").then().statusCode(200).extract().as(FamilyPrediction.class);
            for (UpmAgent a : agents) {
                FamilyPrediction mine = a.predict(FAMILY, e.text()).orElseThrow();
                assertThat(mine.version()).isEqualTo(service.version());
                assertThat(mine.label()).isEqualTo(service.label());
                assertThat(mine.probabilities()).isEqualTo(service.probabilities());
            }
        }
    }

    @Test
    @Order(0)
    void agentsAreListedAsWaitingForAFirstModelAsSoonAsTheySubscribe() {
        // no window, no snapshot yet: the three agents heartbeat "waiting" and count in the total (0/3, not 0/0)
        await().atMost(WAIT).untilAsserted(() -> {
            UpmStatus s = EventCodec.fromJson(given().get("/upm/status").then().statusCode(200).extract().asString(),
                    UpmStatus.class);
            assertThat(s.agentsTotal()).isEqualTo(3);
            assertThat(s.agentsSynced()).isZero();
            assertThat(s.agentsOffline()).isZero();
            assertThat(s.agents()).extracting(UpmStatus.Agent::state).containsOnly(UpmStatus.WAITING);
            assertThat(s.agents()).extracting(UpmStatus.Agent::agentId).allMatch(id -> id.startsWith(RUN));
            assertThat(s.offlineAfterSeconds()).isEqualTo(8);
        });
        // (the shared broker's compacted upm.adapters may hold another upm-service's adapter, which the agents apply at
        // start: with no active snapshot here they are still waiting for a first model from this one)
        JsonPath list = given().get("/upm/agents").then().statusCode(200).extract().jsonPath();
        assertThat(list.getList("findAll { it.agentId.startsWith('" + RUN + "') }.synced")).hasSize(3).containsOnly(false);
        assertThat(list.getList("findAll { it.agentId.startsWith('" + RUN + "') }.appliedVersion")).doesNotContain(0);
        // a waiting heartbeat (version 0) is not an applied version in an agent's history
        assertThat(given().get("/upm/agents/" + agents.get(0).agentId() + "/acks").then().statusCode(200).extract()
                .jsonPath().<Integer>getList("version")).doesNotContain(0);
    }

    @Test
    @Order(1)
    void windowsBecomeASnapshotWhoseAdapterEveryAgentApplies() {
        for (int i = 1; i <= 3; i++) {
            sendWindow(i, false);
        }
        await().atMost(WAIT).until(() -> "activated".equals(snapshotStatus(1)));
        JsonPath v1 = snapshot(1);
        assertThat(v1.getInt("snapshot.windows")).isEqualTo(3);
        assertThat(v1.getString("snapshot.mode")).isEqualTo("active");
        List<String> firstSeen = sent.stream().flatMap(w -> w.rows().stream()).map(FeatureWindow.FeatureRow::label)
                .distinct().toList();
        assertThat(v1.getList("snapshot.labels")).isEqualTo(firstSeen).containsExactlyInAnyOrder("positive", "negative");
        assertThat(v1.getDouble("snapshot.metrics.holdout_rows")).isEqualTo(48.0);
        assertThat(v1.getString("snapshot.checksum")).hasSize(64);
        // taken (weights copied) before stored (checksummed, compressed, inserted): where a sync's clock can start
        assertThat(Instant.parse(v1.getString("snapshot.takenAt")))
                .isBeforeOrEqualTo(Instant.parse(v1.getString("snapshot.createdAt")));

        awaitAgentsAt(1, agents);
        awaitSynced(3);
        // the panel's progress of the family: 3 windows received, all in v1, 3 more until the next snapshot
        await().atMost(WAIT).untilAsserted(() -> {
            UpmStatus s = EventCodec.fromJson(given().get("/upm/status").then().extract().asString(), UpmStatus.class);
            assertThat(s.families()).singleElement().satisfies(f -> {
                assertThat(f.family()).isEqualTo(FAMILY);
                assertThat(f.windowsReceived()).isEqualTo(3);
                assertThat(f.windowsPending()).isZero();
                assertThat(f.windowsSinceSnapshot()).isZero();
                assertThat(f.snapshotEvery()).isEqualTo(3);
                assertThat(f.windowsToNextSnapshot()).isEqualTo(3);
                assertThat(f.activeVersion()).isEqualTo(1);
            });
            assertThat(s.agents()).extracting(UpmStatus.Agent::state).containsOnly(UpmStatus.SYNCED);
        });
        assertPredictionsMatchService();
        // the service's model learned the data: most test sentences right
        long right = testSet.stream().filter(e -> e.label().equals(agents.get(0).predict(FAMILY, e.text()).orElseThrow().label())).count();
        assertThat(right).isGreaterThanOrEqualTo(14);

        List<ConsumerRecord<String, String>> statuses = kafka.read(Topics.STATUS, WAIT, seen -> events(seen, UpmStatus.class)
                .anyMatch(s -> s.at().isAfter(STARTED) && s.agentsSynced() == 3 && s.agentsTotal() == 3));
        assertThat(events(statuses, UpmStatus.class)
                .anyMatch(s -> s.at().isAfter(STARTED) && s.agentsSynced() == 3 && s.agentsTotal() == 3 && s.snapshots24h() >= 1))
                .as("upm.status said 3/3").isTrue();
        List<ConsumerRecord<String, String>> snapshots = kafka.read(Topics.SNAPSHOTS, WAIT, seen -> events(seen, SnapshotEvent.class)
                .anyMatch(s -> s.at().isAfter(STARTED) && s.version() == 1 && s.status().wireName().equals("activated")));
        assertThat(events(snapshots, SnapshotEvent.class)
                .filter(s -> s.at().isAfter(STARTED) && s.family() == FAMILY && s.version() == 1)
                .map(s -> s.status().wireName())).contains("created", "activated");
    }

    @Test
    @Order(2)
    void aRedeliveredWindowIsAppliedOnce() {
        FeatureWindow first = sent.get(0);
        kafka.send(first, F, firstCeId);            // the same message again
        kafka.send(first, F);                        // the same window under a new message id
        for (int i = 4; i <= 6; i++) {
            sendWindow(i, false);
        }
        await().atMost(WAIT).until(() -> "activated".equals(snapshotStatus(2)));
        OnlineSoftmax expected = TestTexts.reference(sent, 16, 0.5);
        assertThat(snapshot(2).getString("snapshot.checksum")).isEqualTo(Checksums.sha256(expected.snapshotWeights()));
        assertThat(snapshot(2).getLong("snapshot.examples")).isEqualTo(6 * 16L);
        JsonPath families = given().get("/upm/families").then().statusCode(200).extract().jsonPath();
        assertThat(families.getLong("find { it.family == 'sentiment_analysis' }.windowsApplied")).isEqualTo(6);

        JsonPath adapter = given().get("/upm/adapters?family=" + F + "&limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(adapter.getLong("[0].version")).isEqualTo(2);
        assertThat(adapter.getString("[0].kind")).isEqualTo("delta");
        assertThat(adapter.getLong("[0].baseVersion")).isEqualTo(1);
        awaitAgentsAt(2, agents);
        awaitSynced(3);
        assertPredictionsMatchService();
    }

    @Test
    @Order(3)
    void anAdapterWithABadChecksumIsRefused() {
        byte[] junk = "not the weights you are looking for".getBytes();
        kafka.send(new AdapterEvent(Contracts.SCHEMA_VERSION, FAMILY, 99, null, "0".repeat(64), "upm-adapter-v1+zstd",
                Base64.getEncoder().encodeToString(junk), null, Instant.now()), F);
        // the refusal is kept in each agent's ack history (lastError clears as soon as the resent full copy is applied)
        await().atMost(WAIT).untilAsserted(() -> {
            for (UpmAgent a : agents) {
                JsonPath acks = given().get("/upm/agents/" + a.agentId() + "/acks?family=" + F).then().statusCode(200)
                        .extract().jsonPath();
                assertThat(acks.getString("find { it.version == 99 && !it.applied }.error")).as(a.agentId())
                        .contains("checksum mismatch for adapter version 99");
            }
        });
        for (UpmAgent a : agents) {
            assertThat(a.version(FAMILY)).hasValue(2);
        }
        // upm-service answers with the active version's full weights, so the topic's latest record is good again
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().get("/upm/adapters?family=" + F + "&limit=1")
                .then().extract().jsonPath().getString("[0].reason")).startsWith("resend to"));
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath list = given().get("/upm/agents").then().statusCode(200).extract().jsonPath();
            assertThat(list.getList("findAll { it.agentId.startsWith('" + RUN + "') }.lastError")).containsOnlyNulls();
        });
        awaitSynced(3);
    }

    @Test
    @Order(4)
    void aDriftedCandidateIsQuarantinedAndAgentsKeepTheActiveVersion() {
        for (int i = 7; i <= 9; i++) {
            sendWindow(i, true);
        }
        await().atMost(WAIT).until(() -> "quarantined".equals(snapshotStatus(3)));
        JsonPath drift = given().get("/upm/drift?family=" + F + "&limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(drift.getLong("[0].version")).isEqualTo(3);
        assertThat(drift.getLong("[0].activeVersion")).isEqualTo(2);
        assertThat(drift.getString("[0].verdict")).isEqualTo("quarantined");
        assertThat(drift.getDouble("[0].p95")).isGreaterThan(0.2);
        assertThat(snapshot(3).getString("snapshot.mode")).isEqualTo("shadow");
        List<ConsumerRecord<String, String>> reports = kafka.read(Topics.DRIFT, WAIT, seen -> events(seen, DriftReport.class)
                .anyMatch(d -> d.at().isAfter(STARTED) && d.version() == 3 && d.verdict() == DriftVerdict.QUARANTINED));
        assertThat(reports).isNotEmpty();

        // no adapter went out: agents still hold v2, and status still counts them synced with the active v2
        assertThat(given().get("/upm/adapters?family=" + F + "&limit=1").then().extract().jsonPath().getLong("[0].version"))
                .isEqualTo(2);
        for (UpmAgent a : agents) {
            assertThat(a.version(FAMILY)).hasValue(2);
        }
        awaitSynced(3);
        given().post("/upm/snapshots/" + F + "/3/activate").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("quarantined"))
                .body("detail", org.hamcrest.Matchers.containsString("force=true"));
    }

    @Test
    @Order(5)
    void anOverrideThenARollbackMoveEveryAgent() {
        given().post("/upm/snapshots/" + F + "/3/activate?force=true").then().statusCode(200).body("status", org.hamcrest.Matchers.is("activated"));
        awaitAgentsAt(3, agents);
        given().post("/upm/snapshots/" + F + "/1/rollback").then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("activated"))
                .body("mode", org.hamcrest.Matchers.is("active"));
        awaitAgentsAt(1, agents);
        awaitSynced(3);
        assertThat(snapshotStatus(2)).isEqualTo("rolled_back");
        assertThat(snapshotStatus(3)).isEqualTo("rolled_back");
        assertPredictionsMatchService();
        given().post("/upm/snapshots/" + F + "/1/rollback").then().statusCode(409);
        given().post("/upm/snapshots/" + F + "/7/rollback").then().statusCode(404);
    }

    @Test
    @Order(6)
    void aLateAgentThatFindsOnlyADeltaAsksForTheFullWeights() {
        // after the rollback the trainer continues from v1: three more windows make v4, a delta from v1
        for (int i = 10; i <= 12; i++) {
            sendWindow(i, false);
        }
        await().atMost(WAIT).until(() -> "activated".equals(snapshotStatus(4)));
        JsonPath adapter = given().get("/upm/adapters?family=" + F + "&limit=1").then().extract().jsonPath();
        assertThat(adapter.getString("[0].kind")).isEqualTo("delta");
        assertThat(adapter.getLong("[0].baseVersion")).isEqualTo(1);
        awaitAgentsAt(4, agents);
        // v4 = v1 + windows 10..12: the rolled-back windows 4..9 are out of the model
        List<FeatureWindow> lineage = new ArrayList<>(sent.subList(0, 3));
        lineage.addAll(sent.subList(sent.size() - 3, sent.size()));
        assertThat(snapshot(4).getString("snapshot.checksum"))
                .isEqualTo(Checksums.sha256(TestTexts.reference(lineage, 16, 0.5).snapshotWeights()));

        UpmAgent late = agent("a4");
        agents.add(late);
        awaitAgentsAt(4, List.of(late));
        awaitSynced(4);
        JsonPath adapters = given().get("/upm/adapters?family=" + F + "&limit=5").then().extract().jsonPath();
        assertThat(adapters.getList("findAll { it.version == 4 && it.kind != 'delta' }.reason").toString())
                .contains("missing base version 1");
        assertPredictionsMatchService();
    }

    @Test
    @Order(7)
    void whileDisabledWindowsAreKeptAndAppliedWhenEnabledAgain() {
        given().put("/upm/enabled?on=false").then().statusCode(200).body("enabled", org.hamcrest.Matchers.is(false));
        for (int i = 13; i <= 15; i++) {
            sendWindow(i, false);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().get("/upm/families").then().extract().jsonPath()
                .getLong("find { it.family == 'sentiment_analysis' }.windowsPending")).isEqualTo(3));
        assertThat(snapshotStatus(5)).isEqualTo("absent");
        given().put("/upm/enabled?on=maybe").then().statusCode(400).body("field", org.hamcrest.Matchers.is("on"));
        given().put("/upm/enabled?on=true").then().statusCode(200).body("enabled", org.hamcrest.Matchers.is(true));
        await().atMost(WAIT).until(() -> "activated".equals(snapshotStatus(5)));
        awaitAgentsAt(5, agents);
        awaitSynced(4);
    }

    @Test
    @Order(8)
    void windowsThatCannotBeLearnedGoToTheDeadLetterTopic() {
        String marker = "{not json " + RUN;
        kafka.sendRaw(Topics.FEATURE_WINDOWS, F, marker, Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_type", "io.thunderline.upm.feature-window.v1", "ce_source", "/thunderline/test", "content-type", "application/json"));
        FeatureWindow chat = new FeatureWindow(Contracts.SCHEMA_VERSION, RUN + "-chat", ModelType.GENERAL_CHAT,
                sent.get(0).featureSpec(), sent.get(0).rows(), "it", Instant.now());
        kafka.send(chat, "general_chat");
        List<FeatureWindow.FeatureRow> many = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            FeatureWindow.FeatureRow r = sent.get(0).rows().get(i % 16);
            many.add(new FeatureWindow.FeatureRow(r.indices(), r.values(), "topic-" + i));
        }
        kafka.send(new FeatureWindow(Contracts.SCHEMA_VERSION, RUN + "-wide", ModelType.TEXT_CLASSIFICATION,
                sent.get(0).featureSpec(), many, "it", Instant.now()), "text_classification");

        List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.FEATURE_WINDOWS), WAIT, seen ->
                seen.stream().filter(r -> r.value().contains(RUN)).count() >= 3);
        List<ConsumerRecord<String, String>> mine = dead.stream().filter(r -> r.value().contains(RUN)).toList();
        assertThat(mine).hasSize(3);
        assertThat(mine.stream().filter(r -> r.value().equals(marker)).map(r -> KafkaTestClient.header(r, "dead-letter-reason")))
                .singleElement().asString().contains("not valid JSON");
        assertThat(mine.stream().filter(r -> r.value().contains(RUN + "-chat")).map(r -> KafkaTestClient.header(r, "dead-letter-reason")))
                .singleElement().asString().contains("general_chat").contains("no online model");
        assertThat(mine.stream().filter(r -> r.value().contains(RUN + "-wide")).map(r -> KafkaTestClient.header(r, "dead-letter-reason")))
                .singleElement().asString().contains("capacity 16").contains("text_classification");
        // a malformed ack goes to its dead-letter topic too, and the acks of its batch still count
        String badAck = "{\"schemaVersion\": 1, \"agentId\": \"" + RUN + "-ghost\"";
        kafka.sendRaw(Topics.ADAPTER_ACKS, RUN + "-ghost", badAck, Map.of("ce_specversion", "1.0", "ce_id",
                UUID.randomUUID().toString(), "ce_type", "io.thunderline.upm.adapter-acked.v1", "ce_source", "/thunderline/test"));
        List<ConsumerRecord<String, String>> deadAcks = kafka.read(Topics.dlq(Topics.ADAPTER_ACKS), WAIT, seen ->
                seen.stream().anyMatch(r -> badAck.equals(r.value())));
        assertThat(deadAcks.stream().filter(r -> badAck.equals(r.value())).map(r -> KafkaTestClient.header(r, "dead-letter-reason")))
                .singleElement().asString().contains("AdapterAck");
        awaitSynced(4);
        // nothing of the refused windows was stored
        assertThat(given().get("/upm/families").then().extract().jsonPath().getList("family")).containsExactly(F);
    }

    @Test
    @Order(9)
    void snapshotsCanBeDownloadedAndOldOnesAreArchived() throws Exception {
        JsonPath v5 = snapshot(5);
        byte[] file = given().get("/upm/snapshots/" + F + "/5/download").then().statusCode(200)
                .header("X-Upm-Checksum", v5.getString("snapshot.checksum")).extract().asByteArray();
        String encoding = given().get("/upm/snapshots/" + F + "/5/download").header("X-Upm-Encoding");
        // the snapshot file: an OnlineSoftmax model (format osm1) compressed as the encoding says
        assertThat(encoding).startsWith("osm1+");
        OnlineSoftmax model = OnlineSoftmax.fromBytes(Compression.fromWire(encoding.substring("osm1+".length()))
                .decompress(file));
        assertThat(Checksums.sha256(model.snapshotWeights())).isEqualTo(v5.getString("snapshot.checksum"));
        assertThat(given().get("/upm/snapshots?family=" + F).then().statusCode(200).extract().jsonPath().getList("version"))
                .hasSize(5);
        List<String> olderChecksums = new ArrayList<>();
        for (long v = 1; v <= 4; v++) {
            olderChecksums.add(snapshot(v).getString("snapshot.checksum"));
        }

        // 31 days pass for this service's snapshots (retention 30 d, keep the last 1): its scheduled retention archives
        // every one but the active v5, which is also the last
        try (Connection db = DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
             Statement st = db.createStatement()) {
            assertThat(st.executeUpdate("UPDATE upm_it_" + RUN + ".snapshots SET created_at = created_at - interval '31 days'"))
                    .isEqualTo(5);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(given().get("/upm/snapshots?family=" + F)
                .then().statusCode(200).extract().jsonPath().<Integer>getList("findAll { it.status == 'archived' }.version"))
                .containsExactlyInAnyOrder(1, 2, 3, 4));
        // each archiving is announced once on upm.snapshots (since this test started, with these weights' checksums:
        // an earlier run on the same broker trained the same weights)
        java.util.function.Predicate<SnapshotEvent> ours = e -> e.at().isAfter(STARTED)
                && e.status() == SnapshotStatus.ARCHIVED && olderChecksums.contains(e.checksum());
        List<ConsumerRecord<String, String>> archivedEvents = kafka.read(Topics.SNAPSHOTS, WAIT, seen -> events(seen,
                SnapshotEvent.class).filter(ours).count() >= 4);
        assertThat(events(archivedEvents, SnapshotEvent.class).filter(ours).map(SnapshotEvent::version))
                .containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        assertThat(snapshotStatus(1)).isEqualTo("archived");
        assertThat(snapshot(5).getString("snapshot.status")).isEqualTo("activated");
        given().get("/upm/snapshots/" + F + "/1/download").then().statusCode(404);
        given().post("/upm/snapshots/" + F + "/1/rollback").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("archived"));
        given().get("/upm/snapshots?family=nonsense").then().statusCode(400).contentType("application/problem+json")
                .body("field", org.hamcrest.Matchers.is("family")).body("status", org.hamcrest.Matchers.is(400));
    }

    @Test
    @Order(10)
    void aCanaryReachesOnlyItsAgentsUntilItIsPromotedOrCalledOff() {
        // a quarantined candidate (v6) is what an admin would try on one agent first
        for (int i = 16; i <= 18; i++) {
            sendWindow(i, true);
        }
        await().atMost(WAIT).until(() -> "quarantined".equals(snapshotStatus(6)));
        UpmAgent a1 = agents.get(0);
        UpmAgent a2 = agents.get(1);
        List<UpmAgent> others = agents.subList(1, agents.size());

        given().post("/upm/snapshots/" + F + "/6/canary").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.is("agents"));
        given().post("/upm/snapshots/" + F + "/6/canary?agents=" + a1.agentId()).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("force=true"));
        given().post("/upm/snapshots/" + F + "/5/canary?agents=" + a1.agentId()).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("newer than the active v5"));

        given().post("/upm/snapshots/" + F + "/6/canary?force=true&agents=" + a1.agentId()).then().statusCode(200)
                .body("mode", org.hamcrest.Matchers.is("canary"))
                .body("canaryAgents", org.hamcrest.Matchers.contains(a1.agentId()));
        awaitAgentsAt(6, List.of(a1));
        for (UpmAgent a : others) {
            assertThat(a.version(FAMILY)).as(a.agentId()).hasValue(5);
        }
        // the canary agent is not on the active version: 3 of 4 synced, and the canary adapter is listed with its target
        awaitSyncedOf(3, 4);
        JsonPath adapter = given().get("/upm/adapters?family=" + F + "&limit=1").then().extract().jsonPath();
        assertThat(adapter.getLong("[0].version")).isEqualTo(6);
        assertThat(adapter.getList("[0].targets")).containsExactly(a1.agentId());
        assertThat(adapter.getLong("[0].baseVersion")).isEqualTo(5);

        given().delete("/upm/snapshots/" + F + "/6/canary").then().statusCode(200)
                .body("mode", org.hamcrest.Matchers.is("shadow"));
        awaitAgentsAt(5, agents);
        awaitSynced(4);
        given().delete("/upm/snapshots/" + F + "/6/canary").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("there is no canary"));

        // a canary to another agent, then promoted: everyone moves to v6, the canary agent already holds it
        given().post("/upm/snapshots/" + F + "/6/canary?force=true&agents=" + a2.agentId()).then().statusCode(200);
        awaitAgentsAt(6, List.of(a2));
        assertThat(a1.version(FAMILY)).hasValue(5);
        given().post("/upm/snapshots/" + F + "/6/activate?force=true").then().statusCode(200)
                .body("mode", org.hamcrest.Matchers.is("active"))
                .body("canaryAgents", org.hamcrest.Matchers.nullValue());
        awaitAgentsAt(6, agents);
        awaitSynced(4);
        assertPredictionsMatchService();

        // the canary record on the compacted topic is retired: an agent starting now (even the canary's) skips it
        List<ConsumerRecord<String, String>> canaryKey = kafka.read(Topics.ADAPTERS, WAIT, seen -> events(seen.stream()
                .filter(r -> (F + AdapterEvent.CANARY_KEY_SUFFIX).equals(r.key())).toList(), AdapterEvent.class)
                .anyMatch(e -> e.targets() != null && e.targets().isEmpty()));
        assertThat(canaryKey.stream().filter(r -> (F + AdapterEvent.CANARY_KEY_SUFFIX).equals(r.key())).toList())
                .last().satisfies(r -> assertThat(EventCodec.fromJson(r.value(), AdapterEvent.class).targets()).isEmpty());
    }

    @Test
    @Order(11)
    void anAgentThatStopsAnsweringIsShownOfflineAndStillCounted() {
        UpmAgent gone = agents.remove(agents.size() - 1);
        gone.close(); // no more heartbeats, as if the process were killed
        long stopped = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            UpmStatus s = EventCodec.fromJson(given().get("/upm/status").then().extract().asString(), UpmStatus.class);
            assertThat(s.agentsOffline()).isEqualTo(1);
            assertThat(s.agentsTotal()).isEqualTo(4);
            assertThat(s.agentsSynced()).isEqualTo(3);
            assertThat(s.agents()).filteredOn(a -> a.agentId().equals(gone.agentId())).singleElement()
                    .satisfies(a -> assertThat(a.state()).isEqualTo(UpmStatus.OFFLINE));
        });
        // offline-after is 8 s here; checked every 250 ms, so well within 8 s + the 2 s heartbeat it last missed
        assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(12));
        JsonPath list = given().get("/upm/agents").then().extract().jsonPath();
        assertThat(list.getBoolean("find { it.agentId == '" + gone.agentId() + "' }.live")).isFalse();
    }

    /**
     * The events among records of a topic the whole test JVM shares (its broker keeps earlier runs' records, e.g. the
     * page's tests put malformed messages on upm.status and upm.drift on purpose): what does not parse is skipped.
     */
    static <T extends Record> java.util.stream.Stream<T> events(List<ConsumerRecord<String, String>> records, Class<T> type) {
        return records.stream().filter(r -> r.value() != null).flatMap(r -> {
            try {
                return java.util.stream.Stream.of(EventCodec.fromJson(r.value(), type));
            } catch (io.thunderline.contracts.InvalidEventException e) {
                return java.util.stream.Stream.empty();
            }
        });
    }

    static void awaitSyncedOf(int synced, int total) {
        await().atMost(WAIT).untilAsserted(() -> {
            UpmStatus s = EventCodec.fromJson(given().get("/upm/status").then().statusCode(200).extract().asString(),
                    UpmStatus.class);
            assertThat(s.agentsSynced()).isEqualTo(synced);
            assertThat(s.agentsTotal()).isEqualTo(total);
        });
    }
}
