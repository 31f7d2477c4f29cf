package io.thunderline.system;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos, issue 21: PostgreSQL is down for longer than the Kafka connector's default limit on an unacknowledged record
 * (60 s). A consumer that waits for the database (service-support's IdempotentConsumer) holds a record that long;
 * with the connector's default the channel then failed for good, and after the outage the trainer never saw another
 * training request. The services switch that limit off; this test holds a record in the trainer's consumer through
 * a 90 s outage and then proves the whole path still works: a job submitted afterwards completes exactly once.
 */
class LongDatabaseOutageChaosIT {
    static final Duration DOWN = Duration.ofSeconds(90);

    static ChaosStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = ChaosStack.start("long-db-outage");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRecordHeldThroughALongDatabaseOutageDoesNotStopTheConsumer() throws Exception {
        String before = stack.submit(ChaosStack.PROMPT + "\"Submitted before the outage\" -> negative\n");
        stack.assertEachCompletedExactlyOnce(List.of(before), Duration.ofMinutes(3));
        String datasetId = stack.queryString("SELECT dataset_id FROM trainer.jobs WHERE id = ?", before);
        int datasetVersion = Integer.parseInt(stack.queryString("SELECT dataset_version::text FROM trainer.jobs WHERE id = ?", before));

        Thread outage = new Thread(() -> {
            try {
                stack.restartPostgres(DOWN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "postgres-outage");
        outage.start();
        Thread.sleep(2_000);
        // a well-formed request reaches the trainer while its database is gone: its consumer waits with it unacknowledged
        String heldJob = "outage-" + UUID.randomUUID();
        sendTrainingRequest(heldJob, datasetId, datasetVersion);
        assertTheOutageIsNamedAsSuch();
        outage.join(DOWN.toMillis() + 60_000);
        assertThat(outage.isAlive()).as("PostgreSQL restarted").isFalse();
        long backAt = System.nanoTime();

        stack.assertAllReadyWithin(Duration.ofSeconds(60));
        System.out.printf("all five services ready %.1f s after a %d s outage%n", (System.nanoTime() - backAt) / 1e9,
                DOWN.toSeconds());
        String after = stack.submit(ChaosStack.PROMPT + "\"Submitted after the outage\" -> negative\n");
        stack.assertEachCompletedExactlyOnce(List.of(before, after), Duration.ofMinutes(3));
        // the held request was queued once the database was back, and trained like any other
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(stack.queryString("SELECT status FROM trainer.jobs WHERE id = ?", heldJob)).as(heldJob)
                        .isEqualTo("completed"));
    }

    /**
     * While PostgreSQL is down, people and probes are told so, quickly: the page's job list is a 503 problem (JSON)
     * saying the database is unavailable, its status names the database (the badge's source), and the trainer's
     * readiness is DOWN — each answering within 10 s, none hanging.
     */
    private static void assertTheOutageIsNamedAsSuch() {
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            long asked = System.nanoTime();
            HttpResponse<String> jobs = stack.pageCall("/api/jobs", Duration.ofSeconds(10));
            assertThat(jobs.statusCode()).as("GET /api/jobs: %s", jobs.body()).isEqualTo(503);
            assertThat(jobs.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(jobs.body()).contains("the database is unavailable");
            double listSeconds = (System.nanoTime() - asked) / 1e9;
            assertThat(stack.pageGet("/api/status")).contains("database-unavailable");
            asked = System.nanoTime();
            HttpResponse<String> ready = stack.readiness("trainer-service", Duration.ofSeconds(10));
            double readySeconds = (System.nanoTime() - asked) / 1e9;
            assertThat(ready.statusCode()).as("trainer readiness: %s", ready.body()).isEqualTo(503);
            assertThat(ready.body()).contains("\"DOWN\"");
            System.out.printf("during the outage (%.1f s after it began): GET /api/jobs 503 in %.2f s, /api/status "
                    + "names the database, trainer readiness 503 in %.2f s%n", (System.nanoTime() - from) / 1e9 + 2,
                    listSeconds, readySeconds);
        });
    }

    /** A training request as the page's outbox relay sends it (CloudEvents binary mode), straight to the topic. */
    private static void sendTrainingRequest(String jobId, String datasetId, int datasetVersion) throws Exception {
        TrainingRequested request = new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, datasetId, datasetVersion,
                ModelType.SENTIMENT_ANALYSIS, Priority.HIGH, false, false, "held through the outage", "demo", Instant.now());
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        EventType type = EventType.TRAINING_REQUESTED;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), jobId, EventCodec.toJson(request));
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", UUID.randomUUID().toString());
            header(record, "ce_source", "long-db-outage-chaos-it");
            header(record, "ce_type", type.ceType());
            header(record, "content-type", "application/json");
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
