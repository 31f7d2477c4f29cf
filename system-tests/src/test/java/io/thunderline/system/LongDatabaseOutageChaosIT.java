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
