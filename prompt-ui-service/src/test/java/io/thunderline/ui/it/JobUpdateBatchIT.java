package io.thunderline.ui.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.Topics;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.SseReader;
import io.thunderline.infra.ThunderlineInfraResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * training.job-updates is consumed in batches, one transaction per poll: a batch with repeated ids, a record that is
 * not a valid event and one that fails only inside the effect, against real Kafka and PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(FakeServicesResource.class)
class JobUpdateBatchIT {
    @TestHTTPResource("/")
    URL root;

    static InfraEndpoints endpoints;
    static KafkaTestClient kafka;
    /** Lingers, so that records sent together reach the broker as one record batch and the consumer polls them at once. */
    static KafkaProducer<String, String> producer;

    @BeforeAll
    static void clients() {
        endpoints = Infra.shared().endpoints();
        kafka = new KafkaTestClient(endpoints.kafkaBootstrap());
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "200",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    @AfterAll
    static void close() {
        producer.close(Duration.ofSeconds(5));
        kafka.close();
    }

    /** One record of a batch: a CloudEvent id and a body (an event, or anything). */
    record Sent(String ceId, String body) {
        static Sent update(String job, long seq, String message) {
            return new Sent(UUID.randomUUID().toString(), EventCodec.toJson(new JobUpdate(Contracts.SCHEMA_VERSION, job,
                    seq, JobStatus.RUNNING, 3, JobUpdate.phaseName(3), null, (int) seq + 1, Map.of("loss", 1.0 / (seq + 2)),
                    Map.of(), message, Instant.now())));
        }

        Sent again() {
            return new Sent(ceId, body);
        }
    }

    @Test
    void aBatchAppliesEachUpdateOnceInOneTransactionAndSendsAnInvalidRecordToTheDeadLetterTopic() throws Exception {
        String job = "batch-" + UUID.randomUUID();
        insertJob(job, "demo");
        try (SseReader demo = new SseReader(url("/api/jobs/stream"), "demo", "demo", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !demo.named("system-status").isEmpty());
            Sent first = Sent.update(job, 0, "applied before the batch");
            sendTogether(job, List.of(first));
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(demo, job).size() == 1);

            String poison = "{\"schemaVersion\":1, \"broken\": \"" + job;
            Sent one = Sent.update(job, 1, null);
            Sent two = Sent.update(job, 2, null);
            Sent three = Sent.update(job, 3, null);
            sendTogether(job, List.of(first.again(), one, new Sent(UUID.randomUUID().toString(), poison), two,
                    one.again(), three));

            await().atMost(Duration.ofSeconds(30)).until(() -> ids(demo, job).size() >= 4);
            Thread.sleep(1000);
            // duplicates (one already processed, one repeated inside the batch) were neither applied nor published
            assertThat(ids(demo, job)).containsExactly(job + ":0", job + ":1", job + ":2", job + ":3");
            assertThat(count("SELECT count(*) FROM ui.job_update WHERE job_id = ?", job)).isEqualTo(4);
            assertThat(count("SELECT last_seq FROM ui.job_view WHERE job_id = ?", job)).isEqualTo(3);
            // processed_at is now(), the transaction's start: the batch's three new ids share one transaction
            assertThat(processedAt(one, two, three)).hasSize(3).containsOnly(processedAt(one, two, three).get(0));

            List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.JOB_UPDATES), Duration.ofSeconds(30),
                    seen -> seen.stream().anyMatch(r -> poison.equals(r.value())));
            assertThat(dead).filteredOn(r -> job.equals(r.key())).singleElement().satisfies(r -> {
                assertThat(r.value()).isEqualTo(poison);
                assertThat(KafkaTestClient.header(r, "dead-letter-reason")).contains("not valid JSON");
                assertThat(KafkaTestClient.header(r, "dead-letter-topic")).isEqualTo(Topics.JOB_UPDATES);
            });
        }
    }

    @Test
    void anUpdateThatFailsOnlyInItsEffectGoesToTheDeadLetterTopicAndTheRestOfItsBatchIsApplied() throws Exception {
        String job = "batch-" + UUID.randomUUID();
        insertJob(job, "demo");
        try (SseReader demo = new SseReader(url("/api/jobs/stream"), "demo", "demo", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !demo.named("system-status").isEmpty());
            Sent zero = Sent.update(job, 0, null);
            // valid JSON and a valid event, but PostgreSQL text cannot hold a NUL character: the batch's transaction
            // fails on it, and so does every retry of this record alone
            Sent nul = Sent.update(job, 1, "nul \u0000 " + job);
            Sent two = Sent.update(job, 2, null);
            sendTogether(job, List.of(zero, nul, two));

            List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.JOB_UPDATES), Duration.ofSeconds(60),
                    seen -> seen.stream().anyMatch(r -> nul.body().equals(r.value())));
            assertThat(dead).filteredOn(r -> nul.body().equals(r.value())).singleElement().satisfies(r -> {
                assertThat(KafkaTestClient.header(r, "dead-letter-reason")).containsIgnoringCase("0x00");
                assertThat(KafkaTestClient.header(r, "ce_id")).isEqualTo(nul.ceId());
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(demo, job).size() >= 2);
            Thread.sleep(500);
            assertThat(ids(demo, job)).containsExactly(job + ":0", job + ":2");
            assertThat(processedAt(zero, nul, two)).hasSize(2);
        }
    }

    String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    static List<String> ids(SseReader sse, String job) {
        return sse.named("job-update").stream().map(SseReader.Event::id).filter(id -> id.startsWith(job + ":")).toList();
    }

    /** Sends the records with one key (one partition) and waits until the broker has them all. */
    static void sendTogether(String key, List<Sent> records) {
        EventType type = EventType.JOB_UPDATED;
        for (Sent s : records) {
            ProducerRecord<String, String> r = new ProducerRecord<>(type.topic(), key, s.body());
            Map.of("ce_specversion", "1.0", "ce_id", s.ceId(), "ce_type", type.ceType(),
                            "ce_source", Contracts.SOURCE_PREFIX + "test", "ce_time", Instant.now().toString(),
                            "content-type", "application/json")
                    .forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(r);
        }
        producer.flush();
    }

    /** processed_at of those of the events this instance recorded as processed. */
    static List<Object> processedAt(Sent... sent) throws Exception {
        List<Object> at = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "SELECT processed_at FROM ui.processed_messages WHERE message_id = ANY(?)")) {
            List<String> ids = new ArrayList<>();
            for (Sent e : sent) {
                ids.add(FakeServicesResource.INSTANCE + ":" + e.ceId());
            }
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    at.add(rows.getObject(1));
                }
            }
        }
        return at;
    }

    static long count(String query, String arg) throws Exception {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(query)) {
            s.setString(1, arg);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static void insertJob(String jobId, String owner) throws Exception {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO ui.job_view (job_id, created_by,"
                + " status, last_seq, model_type, priority) VALUES (?, ?, 'queued', -1, 'text_classification', 'normal')")) {
            s.setString(1, jobId);
            s.setString(2, owner);
            s.executeUpdate();
        }
    }

    static Connection connect() throws Exception {
        return DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
    }
}
