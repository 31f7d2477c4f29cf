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
 * training.job-updates is consumed in polls, each update streamed at once and the poll stored behind in one statement:
 * a poll with repeated updates, a record that is not a valid event and one that PostgreSQL cannot store, against real
 * Kafka and PostgreSQL.
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
    void aBatchStreamsAndStoresEachUpdateOnceInOneStatementAndSendsAnInvalidRecordToTheDeadLetterTopic() throws Exception {
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
            // duplicates (one already streamed, one repeated inside the batch) were not streamed again
            assertThat(ids(demo, job)).containsExactly(job + ":0", job + ":1", job + ":2", job + ":3");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT last_seq FROM ui.job_view WHERE job_id = ?", job) == 3);
            assertThat(count("SELECT count(*) FROM ui.job_update WHERE job_id = ?", job)).isEqualTo(4);
            // (job, seq) makes the write idempotent: no processed-message ids are written for job updates
            assertThat(processedAt(first, one, two, three)).isEmpty();
            // xmin is the writing transaction: the batch's three new updates were stored by one statement
            assertThat(count("SELECT count(DISTINCT xmin::text) FROM ui.job_update WHERE job_id = ? AND seq > 0", job))
                    .isEqualTo(1);

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
    void anUpdateThatCannotBeStoredGoesToTheDeadLetterTopicUnstreamedAndTheRestOfItsBatchIsStored() throws Exception {
        String job = "batch-" + UUID.randomUUID();
        insertJob(job, "demo");
        try (SseReader demo = new SseReader(url("/api/jobs/stream"), "demo", "demo", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !demo.named("system-status").isEmpty());
            Sent zero = Sent.update(job, 0, null);
            // valid JSON and a valid event, but PostgreSQL text cannot hold a NUL character: refused before it is
            // streamed, since the page must not show an update its history will never hold
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
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM ui.job_update WHERE job_id = ?", job) == 2);
        }
    }

    @Test
    void anUpdateAfterAJobsEndGoesToTheDeadLetterTopicAndTheJobStaysFinished() throws Exception {
        String job = "final-" + UUID.randomUUID();
        insertJob(job, "demo");
        try (SseReader demo = new SseReader(url("/api/jobs/stream"), "demo", "demo", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !demo.named("system-status").isEmpty());
            Sent zero = Sent.update(job, 0, null);
            Sent done = status(job, 1, JobStatus.COMPLETED, "done");
            // a late (or forged) running update numbered after the end, in the same poll as the end
            Sent late = Sent.update(job, 2, "reopened?");
            sendTogether(job, List.of(zero, done, done.again(), late));
            assertDeadWithReason(late, "ended as completed with update 1");
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM ui.job_update WHERE job_id = ?", job) == 2);
            assertThat(ids(demo, job)).containsExactly(job + ":0", job + ":1");

            // a job that ended before this instance knew it: its end is read from the database
            String old = "final-old-" + UUID.randomUUID();
            try (Connection c = connect(); PreparedStatement st = c.prepareStatement("INSERT INTO ui.job_view (job_id, created_by,"
                    + " status, last_seq, model_type, priority) VALUES (?, 'demo', 'failed', 4, 'text_classification', 'normal')")) {
                st.setString(1, old);
                st.executeUpdate();
            }
            Sent lateOld = status(old, 5, JobStatus.RUNNING, "resumed after a pause");
            sendTogether(old, List.of(lateOld));
            assertDeadWithReason(lateOld, "ended as failed with update 4");
            assertThat(count("SELECT count(*) FROM ui.job_view WHERE job_id = ? AND status = 'failed' AND last_seq = 4", old))
                    .isEqualTo(1);
        }
        assertThat(count("SELECT count(*) FROM ui.job_view WHERE job_id = ? AND status = 'completed' AND last_seq = 1", job))
                .isEqualTo(1);
    }

    private static Sent status(String job, long seq, JobStatus status, String message) {
        return new Sent(UUID.randomUUID().toString(), EventCodec.toJson(new JobUpdate(Contracts.SCHEMA_VERSION, job, seq,
                status, null, null, null, null, Map.of(), Map.of(), message, Instant.now())));
    }

    private static void assertDeadWithReason(Sent sent, String reason) {
        List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.JOB_UPDATES), Duration.ofSeconds(60),
                seen -> seen.stream().anyMatch(r -> sent.body().equals(r.value())));
        assertThat(dead).filteredOn(r -> sent.body().equals(r.value())).singleElement().satisfies(r -> {
            assertThat(KafkaTestClient.header(r, "dead-letter-reason")).contains(reason).contains("is not applied");
            assertThat(KafkaTestClient.header(r, "ce_id")).isEqualTo(sent.ceId());
        });
    }

    @Test
    void aStreamDroppedDuringABurstResumesWithLastEventIdMissingNoUpdateAndRepeatingNone() throws Exception {
        String job = "resume-" + UUID.randomUUID();
        insertJob(job, "demo");
        int total = 400;
        try (Connection hold = connect()) {
            // the job's row held in an open transaction: its history cannot be written, so every update below is
            // streamed before it is stored
            hold.setAutoCommit(false);
            try (PreparedStatement s = hold.prepareStatement("SELECT 1 FROM ui.job_view WHERE job_id = ? FOR UPDATE")) {
                s.setString(1, job);
                s.executeQuery().close();
            }
            SseReader first = new SseReader(url("/api/jobs/stream"), "demo", "demo", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> !first.named("system-status").isEmpty());
            Thread burst = new Thread(() -> {
                for (int from = 0; from < total; from += 20) {
                    List<Sent> chunk = new ArrayList<>();
                    for (int seq = from; seq < from + 20; seq++) {
                        chunk.add(Sent.update(job, seq, null));
                    }
                    sendTogether(job, chunk);
                    sleep(30);
                }
            });
            burst.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> seqs(first, job).size() >= 60);
            first.close();
            Thread.sleep(200);
            List<Long> before = seqs(first, job);
            String lastSeen = job + ":" + before.get(before.size() - 1);
            Thread.sleep(300); // the burst goes on while nobody listens
            try (SseReader resumed = new SseReader(url("/api/jobs/stream"), "demo", "demo", lastSeen)) {
                burst.join();
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> seqs(resumed, job).contains((long) total - 1));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("resumed after " + lastSeen + " (first saw " + before.size() + "): got "
                            + seqs(resumed, job).size() + " updates, last events " + resumed.events().stream()
                            .skip(Math.max(0, resumed.events().size() - 3)).toList() + "; stored "
                            + count("SELECT count(*) FROM ui.job_update WHERE job_id = ?", job), e);
                }
                Thread.sleep(500);
                List<Long> after = seqs(resumed, job);
                assertThat(before.size()).as("disconnected during the burst").isLessThan(total);
                assertThat(resumed.named("resync")).isEmpty();
                List<Long> all = new ArrayList<>(before);
                all.addAll(after);
                assertThat(all).as("each update once, in order, none missing")
                        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, total).boxed().toList());
                // all of it came from memory: nothing is stored yet
                assertThat(count("SELECT count(*) FROM ui.job_update WHERE job_id = ?", job)).isZero();

                // a page reading its job now gets none of the updates from PostgreSQL, and a position before them
                io.restassured.path.json.JsonPath detail = io.restassured.RestAssured.given().auth().preemptive()
                        .basic("demo", "demo").get(url("/api/jobs/" + job)).then().statusCode(200).extract().jsonPath();
                assertThat(detail.getList("updates")).isEmpty();
                try (SseReader page = new SseReader(url("/api/jobs/stream?job=" + job + "&after=" + detail.getString("position")),
                        "demo", "demo", null)) {
                    try {
                        await().atMost(Duration.ofSeconds(20)).until(() -> seqs(page, job).size() >= total);
                    } catch (org.awaitility.core.ConditionTimeoutException e) {
                        throw new AssertionError("page at " + detail.getString("position") + " got " + seqs(page, job).size()
                                + ", last events " + page.events().stream().skip(Math.max(0, page.events().size() - 2)).toList(), e);
                    }
                    assertThat(seqs(page, job)).containsExactlyElementsOf(all);
                }
            }
            hold.rollback();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM ui.job_update WHERE job_id = ?", job) == total);
        assertThat(count("SELECT last_seq FROM ui.job_view WHERE job_id = ?", job)).isEqualTo(total - 1);
    }

    static List<Long> seqs(SseReader sse, String job) {
        return ids(sse, job).stream().map(id -> Long.parseLong(id.substring(id.lastIndexOf(':') + 1))).toList();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** processed_at of those of the events this instance recorded as processed (job updates: none). */
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
