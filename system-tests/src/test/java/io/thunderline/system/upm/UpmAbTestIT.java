package io.thunderline.system.upm;

import io.restassured.RestAssured;
import io.thunderline.infra.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.thunderline.agent.UpmAgent;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.ml.eval.OnlineAccuracy;
import io.thunderline.upm.wire.FamilyPrediction;
import io.thunderline.upm.wire.TestTexts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The agents' half of A/B testing (issue 22 item 4), on real Kafka, PostgreSQL and upm-service as a process: a
 * candidate snapshot is served to a chosen share of the live agents (a canary by share), every agent judges its own
 * predictions through agent-sdk's {@code UpmAgent.feedback}, upm-service counts the judgements per snapshot version
 * with a Wilson interval, and promoting the candidate (the canary's activation) moves every agent to it.
 */
class UpmAbTestIT {
    static final ModelType FAMILY = ModelType.SENTIMENT_ANALYSIS;
    static final String F = FAMILY.wireName();
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String RUN = UpmService.newRun();
    static final List<UpmAgent> agents = new ArrayList<>();
    static final List<TestTexts.Example> testSet = TestTexts.examples(20, 999);
    static InfraEndpoints endpoints;
    static UpmService service;
    static KafkaTestClient kafka;

    @BeforeAll
    static void start() throws InterruptedException {
        endpoints = Infra.shared().endpoints();
        service = UpmService.start(endpoints, RUN, Map.of(), List.of(),
                Path.of("target/upm-logs/abtest-" + RUN).toAbsolutePath(), Duration.ofSeconds(120));
        kafka = new KafkaTestClient(endpoints.kafkaBootstrap());
        for (String id : List.of("a1", "a2", "a3", "a4")) {
            agents.add(UpmAgent.builder().agentKey(TestTokens.agentKey()).agentId(RUN + "-" + id).families(FAMILY).bootstrapServers(endpoints.kafkaBootstrap())
                    .upmUrl(service.url()).heartbeat(Duration.ofSeconds(2)).build().start());
        }
        for (UpmAgent a : agents) {
            assertThat(a.awaitCaughtUp(WAIT)).isTrue();
        }
    }

    @AfterAll
    static void stop() {
        agents.forEach(UpmAgent::close);
        if (kafka != null) {
            kafka.close();
        }
        if (service != null) {
            service.close();
        }
    }

    static RequestSpecification given() {
        return RestAssured.given().baseUri(service.url()).header("Authorization", TestTokens.admin("upm-service"));
    }

    static void sendWindow(int index, boolean flipped) {
        FeatureWindow w = TestTexts.window(RUN + "-w" + index, FAMILY, TestTexts.examples(16, index * 7919L), flipped);
        kafka.send(w, F);
    }

    static String snapshotStatus(long version) {
        var r = given().get("/upm/snapshots/" + F + "/" + version);
        return r.statusCode() == 200 ? r.jsonPath().getString("snapshot.status") : "absent";
    }

    static void awaitVersions(Map<UpmAgent, Long> expected) {
        await().atMost(WAIT).untilAsserted(() -> expected.forEach((a, v) ->
                assertThat(a.version(FAMILY)).as(a.agentId()).hasValue(v)));
    }

    /** Every agent judges its answers on the test set with the true label: [judged, right] per version, as counted here. */
    static Map<Long, long[]> judgeEverything() {
        Map<Long, long[]> expected = new HashMap<>();
        for (UpmAgent a : agents) {
            for (TestTexts.Example e : testSet) {
                FamilyPrediction p = a.predict(FAMILY, e.text()).orElseThrow();
                assertThat(a.feedback(p, null, e.label())).as("recorded").isTrue();
                long[] c = expected.computeIfAbsent(p.version(), v -> new long[2]);
                c[0]++;
                c[1] += e.label().equals(p.label()) ? 1 : 0;
            }
        }
        return expected;
    }

    static void assertCounted(Map<Long, long[]> expected, Map<Long, String> modes) {
        JsonPath view = given().get("/upm/families/" + F + "/feedback").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> versions = view.getList("versions");
        assertThat(versions).extracting(v -> ((Number) v.get("version")).longValue())
                .containsExactlyElementsOf(expected.keySet().stream().sorted().toList());
        for (Map<String, Object> v : versions) {
            long version = ((Number) v.get("version")).longValue();
            long[] c = expected.get(version);
            OnlineAccuracy a = OnlineAccuracy.of(c[1], c[0]);
            assertThat(((Number) v.get("judged")).longValue()).as("v%d judged", version).isEqualTo(c[0]);
            assertThat(((Number) v.get("correct")).longValue()).as("v%d right", version).isEqualTo(c[1]);
            assertThat(((Number) v.get("low")).doubleValue()).isCloseTo(a.low(), within(1e-6));
            assertThat(((Number) v.get("high")).doubleValue()).isCloseTo(a.high(), within(1e-6));
            assertThat(v.get("mode")).as("v%d mode", version).isEqualTo(modes.get(version));
        }
    }

    @Test
    void aCanaryByShareIsJudgedPerVersionByItsAgentsAndPromotionMovesEveryAgent() {
        // v1 and v2 learn the data; v3 learns flipped labels: quarantined by drift, the candidate (B) to try
        for (int i = 1; i <= 6; i++) {
            sendWindow(i, false);
        }
        await().atMost(WAIT).until(() -> "activated".equals(snapshotStatus(2)));
        awaitVersions(Map.of(agents.get(0), 2L, agents.get(1), 2L, agents.get(2), 2L, agents.get(3), 2L));
        for (int i = 7; i <= 9; i++) {
            sendWindow(i, true);
        }
        await().atMost(WAIT).until(() -> "quarantined".equals(snapshotStatus(3)));

        // a share of agents: refusals name the field; half of the 4 live agents get v3
        given().post("/upm/snapshots/" + F + "/3/canary?force=true&share=1.5").then().statusCode(400)
                .contentType("application/problem+json").body("field", org.hamcrest.Matchers.is("share"));
        given().post("/upm/snapshots/" + F + "/3/canary?force=true&share=0.5&agents=" + agents.get(0).agentId())
                .then().statusCode(400).body("field", org.hamcrest.Matchers.is("share"));
        List<String> canary = given().post("/upm/snapshots/" + F + "/3/canary?force=true&share=0.5").then().statusCode(200)
                .body("mode", org.hamcrest.Matchers.is("canary")).extract().jsonPath().getList("canaryAgents", String.class);
        assertThat(canary).hasSize(2).isSubsetOf(agents.stream().map(UpmAgent::agentId).toList());
        Map<UpmAgent, Long> split = new HashMap<>();
        agents.forEach(a -> split.put(a, canary.contains(a.agentId()) ? 3L : 2L));
        awaitVersions(split);

        // every agent judges its own answers: counted per version, A (v2, active) beside B (v3, canary)
        Map<Long, long[]> judged = judgeEverything();
        assertThat(judged.keySet()).containsExactlyInAnyOrder(2L, 3L);
        assertThat(judged.get(2L)[0]).isEqualTo(40);
        assertThat(judged.get(3L)[0]).isEqualTo(40);
        assertCounted(judged, Map.of(2L, "active", 3L, "canary"));
        System.out.printf("online accuracy: v2 %d/%d, v3 %d/%d%n", judged.get(2L)[1], judged.get(2L)[0],
                judged.get(3L)[1], judged.get(3L)[0]);
        // v3 learnt flipped labels: the measurement tells B is worse (its whole interval below A's); the windows are
        // seeded and every agent holding a version answers alike, so this holds whichever agents were picked
        OnlineAccuracy a = OnlineAccuracy.of(judged.get(2L)[1], judged.get(2L)[0]);
        OnlineAccuracy b = OnlineAccuracy.of(judged.get(3L)[1], judged.get(3L)[0]);
        assertThat(b.high()).as("v3 %s below v2 %s", b, a).isLessThan(a.low());

        // a retried judgement (same feedback id) is counted once; bad ones are problems naming the field
        Map<String, Object> once = Map.of("feedbackId", "fb-" + UUID.randomUUID(), "agentId", "manual", "version", 2,
                "predicted", "positive", "correct", true);
        given().contentType(ContentType.JSON).body(once).post("/upm/families/" + F + "/feedback").then().statusCode(201)
                .body("recorded", org.hamcrest.Matchers.is(true));
        given().contentType(ContentType.JSON).body(once).post("/upm/families/" + F + "/feedback").then().statusCode(200)
                .body("recorded", org.hamcrest.Matchers.is(false));
        judged.get(2L)[0]++;
        judged.get(2L)[1]++;
        assertCounted(judged, Map.of(2L, "active", 3L, "canary"));
        // the runnable agent's HTTP API takes a judgement too (POST /feedback), for the version it names
        UpmAgent first = agents.get(0);
        io.thunderline.agent.AgentHttp http;
        try {
            http = io.thunderline.agent.AgentHttp.start(first, new java.net.InetSocketAddress("127.0.0.1", 0));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            FamilyPrediction p = first.predict(FAMILY, testSet.get(0).text()).orElseThrow();
            RestAssured.given().baseUri("http://127.0.0.1:" + http.port()).contentType(ContentType.JSON)
                    .body(Map.of("version", p.version(), "predicted", p.label(), "label", testSet.get(0).label()))
                    .post("/feedback").then().statusCode(200).body("recorded", org.hamcrest.Matchers.is(true));
            RestAssured.given().baseUri("http://127.0.0.1:" + http.port()).contentType(ContentType.JSON)
                    .body(Map.of("predicted", p.label(), "correct", true)).post("/feedback").then().statusCode(400)
                    .body("field", org.hamcrest.Matchers.is("version"));
            judged.get(p.version())[0]++;
            judged.get(p.version())[1] += testSet.get(0).label().equals(p.label()) ? 1 : 0;
        } finally {
            http.stop();
        }
        assertCounted(judged, Map.of(2L, "active", 3L, "canary"));

        Map<String, Object> bad = new HashMap<>(once);
        bad.put("feedbackId", "fb-" + UUID.randomUUID());
        bad.put("version", 99);
        given().contentType(ContentType.JSON).body(bad).post("/upm/families/" + F + "/feedback").then().statusCode(404)
                .body("field", org.hamcrest.Matchers.is("version"));
        bad.put("version", 2);
        bad.remove("correct");
        given().contentType(ContentType.JSON).body(bad).post("/upm/families/" + F + "/feedback").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.is("correct"));

        // promote B: activating the canary's snapshot moves every agent to v3; their judgements now count for v3
        given().post("/upm/snapshots/" + F + "/3/activate?force=true").then().statusCode(200)
                .body("mode", org.hamcrest.Matchers.is("active"));
        awaitVersions(Map.of(agents.get(0), 3L, agents.get(1), 3L, agents.get(2), 3L, agents.get(3), 3L));
        Map<Long, long[]> after = judgeEverything();
        assertThat(after.keySet()).containsExactly(3L);
        judged.get(3L)[0] += after.get(3L)[0];
        judged.get(3L)[1] += after.get(3L)[1];
        assertCounted(judged, Map.of(2L, "shadow", 3L, "active"));
    }
}
