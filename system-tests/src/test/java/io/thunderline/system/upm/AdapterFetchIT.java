package io.thunderline.system.upm;

import io.restassured.RestAssured;
import io.thunderline.infra.TestTokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.thunderline.agent.UpmAgent;
import io.thunderline.contracts.AdapterEvent;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Topics;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.upm.wire.Checksums;
import io.thunderline.upm.wire.TestTexts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Adapters larger than thunderline.upm.adapters.inline-max-bytes (1 KiB here, so every real one) travel as a fetch
 * URL: the event on upm.adapters carries no payload, upm-service (a process, its packaged jar) serves the stored bytes,
 * and an agent fetches them, checks them against the event's checksum and applies them — a full adapter, then a delta
 * on top of it.
 */
class AdapterFetchIT {
    static final ModelType FAMILY = ModelType.TEXT_CLASSIFICATION;
    static final String F = FAMILY.wireName();
    static final Duration WAIT = Duration.ofSeconds(90);
    static final String RUN = UpmService.newRun();
    static InfraEndpoints endpoints;
    static UpmService service;
    static UpmAgent agent;

    /** The shared servers and a small inline limit (the fetch URLs name the service's own port). */
    @BeforeAll
    static void start() {
        endpoints = Infra.shared().endpoints();
        service = UpmService.start(endpoints, RUN, Map.of("thunderline.upm.adapters.inline-max-bytes", "1024"), List.of(),
                Path.of("target/upm-logs/fetch-" + RUN).toAbsolutePath(), Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
        if (service != null) {
            service.close();
        }
    }

    /** A request to the service under test. */
    static RequestSpecification given() {
        return RestAssured.given().baseUri(service.url()).header("Authorization", TestTokens.admin("upm-service"));
    }

    @Test
    void aLargeAdapterReachesAnAgentThroughItsFetchUrl() throws InterruptedException {
        agent = UpmAgent.builder().agentKey(TestTokens.agentKey()).agentId(RUN + "-fetch").families(FAMILY)
                .bootstrapServers(endpoints.kafkaBootstrap())
                .heartbeat(Duration.ofSeconds(2)).build().start();
        assertThat(agent.awaitCaughtUp(WAIT)).isTrue();
        try (KafkaTestClient kafka = new KafkaTestClient(endpoints.kafkaBootstrap())) {
            for (int i = 1; i <= 6; i++) {
                kafka.send(TestTexts.window(RUN + "-w" + i, FAMILY, TestTexts.examples(16, i * 7919L), false), F);
            }
        }
        await().atMost(WAIT).until(() -> "activated".equals(status(2)));

        // both adapters (full v1, delta v2) were published by URL; the agent holds v2's weights exactly
        JsonPath adapters = given().get("/upm/adapters?family=" + F).then().statusCode(200).extract().jsonPath();
        assertThat(adapters.getList("payloadBytes", Integer.class)).allSatisfy(bytes -> assertThat(bytes).isGreaterThan(1024));
        // (a record an earlier test left on the shared topic may make the agent ask for a full copy again: a third one)
        assertThat(adapters.getList("baseVersion")).contains(1).containsNull();
        assertThat(adapters.getList("version", Integer.class)).containsOnly(1, 2);
        String checksum = given().get("/upm/snapshots/" + F + "/2").then().extract().jsonPath().getString("snapshot.checksum");
        await().atMost(WAIT).untilAsserted(() -> assertThat(agent.version(FAMILY)).hasValue(2L));
        assertThat(agent.weightsChecksum(FAMILY)).hasValue(checksum);

        // the event carries the URL, not the bytes; the URL serves exactly the bytes the checksum names
        String wireChecksum = adapters.getString("[0].checksum");
        AdapterEvent event = adapterEvent(wireChecksum).orElseThrow();
        assertThat(event.payload()).isNull();
        assertThat(event.fetchUrl()).endsWith("/upm/adapters/" + F + "/2/payload?checksum=" + wireChecksum);
        byte[] served = given().get(event.fetchUrl()).then().statusCode(200)
                .header("X-Upm-Encoding", event.encoding()).extract().asByteArray();
        assertThat(Checksums.sha256(served)).isEqualTo(wireChecksum);

        given().get("/upm/adapters/" + F + "/99/payload").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("no stored adapter payload"));
    }

    static String status(long version) {
        int code = given().get("/upm/snapshots/" + F + "/" + version).statusCode();
        return code == 200 ? given().get("/upm/snapshots/" + F + "/" + version).then().extract().jsonPath()
                .getString("snapshot.status") : "absent";
    }

    /** This run's event with those bytes (the shared topic may hold an earlier run's, with another port in its URL). */
    static Optional<AdapterEvent> adapterEvent(String checksum) {
        String url = ":" + service.port() + "/upm/adapters/";
        java.util.function.Predicate<ConsumerRecord<String, String>> ours =
                r -> r.value().contains(checksum) && r.value().contains(url);
        try (KafkaTestClient kafka = new KafkaTestClient(endpoints.kafkaBootstrap())) {
            List<ConsumerRecord<String, String>> seen = kafka.read(Topics.ADAPTERS, WAIT,
                    records -> records.stream().anyMatch(ours));
            return seen.stream().filter(ours).map(r -> EventCodec.fromJson(r.value(), AdapterEvent.class)).findFirst();
        }
    }
}
