package io.thunderline.system;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.Topics;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.Ports;
import io.thunderline.infra.ServiceFleet;
import io.thunderline.infra.SseReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole system as real processes: five service jars against real Kafka and PostgreSQL. */
class StackIT {
    static final String PROMPT = """
            Classify customer sentiment:

            1. "I love this product!" -> positive
            2. "Absolutely fantastic, works great" -> positive
            3. "Not what I expected" -> negative
            4. "Broke after one day" -> negative
            5. "It works fine" -> neutral
            6. "Does the job, nothing special" -> neutral
            """;

    static InfraEndpoints endpoints;
    static ServiceFleet fleet;
    static KafkaTestClient kafka;
    static final HttpClient http = HttpClient.newHttpClient();
    /** The page service's local default user (prompt-ui-service thunderline-users.properties); /api/** takes HTTP Basic. */
    static final String AUTH = SseReader.basic("demo", "demo");

    @BeforeAll
    static void startStack() {
        endpoints = Infra.shared().endpoints();
        fleet = new ServiceFleet(endpoints, Path.of("target/stack-logs").toAbsolutePath(), spec -> Ports.free())
                .startAll(Map.of(), Duration.ofSeconds(240));
        kafka = new KafkaTestClient(endpoints.kafkaBootstrap());
    }

    @AfterAll
    static void stopStack() {
        if (kafka != null) {
            kafka.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    static String ui() {
        return fleet.get("prompt-ui-service").url();
    }

    static String submit(String prompt, String modelType) throws Exception {
        String body = EventCodec.mapper().writeValueAsString(Map.of("promptText", prompt, "modelType", modelType,
                "priority", "high", "useUpm", true, "trackMlflow", true));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ui() + "/api/submissions"))
                .header("Content-Type", "application/json").header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"jobId\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void aSubmissionTravelsThroughAllFiveServicesAndStreamsToTheBrowser() throws Exception {
        try (SseReader sse = new SseReader(ui() + "/api/jobs/stream", "demo", "demo", null)) {
            Thread.sleep(500); // let the stream subscribe before the job exists
            String jobId = submit(PROMPT, "sentiment_analysis");

            await().atMost(Duration.ofSeconds(90)).until(() -> statusesOf(sse, jobId).contains(JobStatus.COMPLETED));
            List<JobStatus> statuses = statusesOf(sse, jobId);
            assertThat(statuses).containsSubsequence(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED);
            assertThat(sse.events()).filteredOn(e -> e.id() != null && e.id().startsWith(jobId + ":"))
                    .extracting(SseReader.Event::id).doesNotHaveDuplicates();

            assertThat(queryString("SELECT status FROM trainer.jobs WHERE id = ?", jobId)).isEqualTo("completed");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(queryString("SELECT status FROM tracking.runs WHERE job_id = ?", jobId)).isEqualTo("completed");
                assertThat(queryString("SELECT status FROM ui.job_view WHERE job_id = ?", jobId)).isEqualTo("completed");
            });
            String datasetId = queryString("SELECT dataset_id FROM trainer.jobs WHERE id = ?", jobId);
            assertThat(queryString("SELECT name FROM dataset.datasets WHERE id = ?", datasetId))
                    .isEqualTo("prompt_" + datasetId + "_sentiment_analysis");
        }
    }

    @Test
    void badInputIsRefusedWithTheFieldAndNothingIsQueued() throws Exception {
        long jobsBefore = queryLong("SELECT count(*) FROM trainer.jobs");
        String body = "{\"promptText\":\"just one line -> only\",\"modelType\":\"text_classification\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ui() + "/api/submissions"))
                .header("Content-Type", "application/json").header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        // the request names its text promptText, and so does every refusal of it (one field name everywhere)
        assertThat(response.body()).contains("\"field\":\"promptText\"").contains("at least 2");
        Thread.sleep(2000);
        assertThat(queryLong("SELECT count(*) FROM trainer.jobs")).isEqualTo(jobsBefore);
    }

    @Test
    void aMalformedMessageOnEveryConsumedTopicGoesToItsDeadLetterTopicAndConsumersGoOn() throws Exception {
        String marker = "poison-" + UUID.randomUUID();
        Map<String, String> ceHeaders = Map.of("ce_specversion", "1.0", "ce_type", "x", "ce_source", "/test");
        // training.requests is read by the trainer, training.job-updates by the page and by tracking, windows by upm:
        // one dead letter per consumer group
        for (String topic : List.of(Topics.TRAINING_REQUESTS, Topics.JOB_UPDATES, Topics.FEATURE_WINDOWS)) {
            Map<String, String> headers = new java.util.HashMap<>(ceHeaders);
            headers.put("ce_id", UUID.randomUUID().toString());
            kafka.sendRaw(topic, marker, "{\"schemaVersion\":" + Contracts.SCHEMA_VERSION + ", \"broken\": true", headers);
        }
        assertDeadLettered(Topics.TRAINING_REQUESTS, marker, 1);
        assertDeadLettered(Topics.JOB_UPDATES, marker, 2);
        assertDeadLettered(Topics.FEATURE_WINDOWS, marker, 1);

        // and the consumers are still consuming
        String jobId = submit(PROMPT, "text_classification");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(queryString("SELECT status FROM trainer.jobs WHERE id = ?", jobId)).isEqualTo("completed");
            assertThat(queryString("SELECT status FROM tracking.runs WHERE job_id = ?", jobId)).isEqualTo("completed");
            assertThat(queryString("SELECT status FROM ui.job_view WHERE job_id = ?", jobId)).isEqualTo("completed");
        });
    }

    @Test
    void aTrainerKilledMidJobLeavesNoJobStuckTheRestartedOneCompletesIt() throws Exception {
        StringBuilder prompt = new StringBuilder("Classify support tickets:\n");
        java.util.Random random = new java.util.Random(11);
        String[] labels = {"billing", "shipping", "technical"};
        for (int i = 0; i < 900; i++) {
            String label = labels[i % 3];
            prompt.append("ticket ").append(i).append(' ').append(label).append(" issue number ")
                    .append(random.nextInt(100_000)).append(" -> ").append(label).append('\n');
        }
        String jobId = submit(prompt.toString(), "text_classification");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                "running".equals(queryString("SELECT status FROM trainer.jobs WHERE id = ?", jobId))
                        && queryLong("SELECT coalesce(max(phase), 0) FROM trainer.jobs WHERE id = '" + jobId + "'") >= 2);

        fleet.get("trainer-service").process().kill9();
        fleet.restart("trainer-service", Duration.ofSeconds(180));

        await().atMost(Duration.ofSeconds(240)).until(() ->
                "completed".equals(queryString("SELECT status FROM trainer.jobs WHERE id = ?", jobId)));
        List<ConsumerRecord<String, String>> records = kafka.read(Topics.JOB_UPDATES, Duration.ofSeconds(30),
                        seen -> seen.stream().anyMatch(r -> jobId.equals(r.key()) && r.value().contains("\"completed\"")))
                .stream().filter(r -> jobId.equals(r.key())).toList();
        // The outbox publishes at least once: a trainer killed between sending an update and marking it sent sends it
        // again after the restart, under the same CloudEvent id (consumers skip it). Two different updates must never
        // share a number.
        Map<Long, Set<String>> idsBySeq = new TreeMap<>();
        Map<String, JobUpdate> distinct = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            JobUpdate u = EventCodec.fromJson(r.value(), JobUpdate.class);
            String ceId = KafkaTestClient.header(r, "ce_id");
            idsBySeq.computeIfAbsent(u.seq(), k -> new TreeSet<>()).add(ceId);
            distinct.putIfAbsent(ceId, u);
        }
        assertThat(idsBySeq.values()).as("CloudEvent ids per seq").allSatisfy(ids -> assertThat(ids).hasSize(1));
        List<JobUpdate> updates = List.copyOf(distinct.values());
        // in order on the topic (one partition per job key), numbered without repeats, one completion
        assertThat(updates).extracting(JobUpdate::seq).isSorted().doesNotHaveDuplicates();
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.COMPLETED).hasSize(1);
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.QUEUED && u.message() != null
                && u.message().contains("stopped responding")).hasSize(1);
        assertThat(queryLong("SELECT attempts FROM trainer.jobs WHERE id = '" + jobId + "'")).isEqualTo(2);
    }

    static void assertDeadLettered(String topic, String key, int copies) {
        List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(topic), Duration.ofSeconds(60),
                seen -> seen.stream().filter(r -> key.equals(r.key())).count() >= copies);
        List<ConsumerRecord<String, String>> ours = dead.stream().filter(r -> key.equals(r.key())).toList();
        assertThat(ours).as("dead letters of " + topic).hasSize(copies);
        for (ConsumerRecord<String, String> r : ours) {
            assertThat(KafkaTestClient.header(r, "dead-letter-reason")).as("error header").contains("not valid JSON");
            assertThat(KafkaTestClient.header(r, "dead-letter-topic")).isEqualTo(topic);
        }
    }

    static List<JobStatus> statusesOf(SseReader sse, String jobId) {
        return sse.events().stream().filter(e -> "job-update".equals(e.name()))
                .map(e -> EventCodec.fromJson(e.data(), JobUpdate.class))
                .filter(u -> u.jobId().equals(jobId))
                .sorted(java.util.Comparator.comparingLong(JobUpdate::seq))
                .map(JobUpdate::status).toList();
    }

    static String queryString(String sql, String arg) throws Exception {
        try (Connection c = DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static long queryLong(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
