package io.thunderline.system;

import io.thunderline.contracts.AdapterAck;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Observability of the whole stack, as a cluster runs it (profile prod,cluster, tracing on): every service answers
 * GET /q/metrics with its thunderline_* meters, the values move when a job runs, logs are JSON lines, and a request's
 * trace id travels through HTTP, Kafka and the transactional outbox.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsIT {
    static final ModelType TYPE = ModelType.SENTIMENT_ANALYSIS;
    static final String FAMILY = TYPE.wireName();

    static InfraEndpoints endpoints;
    static ServiceFleet fleet;
    static KafkaTestClient kafka;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String AUTH = SseReader.basic("demo", "demo");

    @BeforeAll
    static void startStack() {
        endpoints = Infra.shared().endpoints();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.profile", "prod,cluster");              // JSON logs, as in deploy/
        config.put("thunderline.metrics.refresh-interval", "1s");    // database-fed gauges refresh fast here
        // no MLflow behind this address: tracking-service keeps its calls in pending_mlflow_ops (the backlog)
        config.put("thunderline.mlflow.url", "http://127.0.0.1:" + Ports.free());
        config.put("thunderline.upm.snapshots.every-windows", "1"); // one job's window makes an active snapshot
        // tracing on; no collector listens, spans are dropped after export fails (what matters is the propagation)
        config.put("quarkus.otel.sdk.disabled", "false");
        config.put("quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + Ports.free());
        fleet = new ServiceFleet(endpoints, Path.of("target/metrics-logs").toAbsolutePath(), spec -> Ports.free())
                .startAll(config, Duration.ofSeconds(240));
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

    @Test
    @Order(1)
    void everyServiceExposesItsMetricsAndTheyMoveWhenAJobRuns() throws Exception {
        // the named meters exist on each service (database-fed gauges once their first refresh is done)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Metrics trainer = scrape("trainer-service");
            for (String status : List.of("queued", "running", "completed", "failed", "cancelled")) {
                assertThat(trainer.value("thunderline_jobs", "status", status)).as("jobs " + status).isNotNaN();
            }
            for (String priority : List.of("high", "normal", "low")) {
                assertThat(trainer.value("thunderline_queue_depth", "priority", priority)).isNotNaN();
            }
            assertThat(trainer.find("thunderline_epochs_total", "model_type", FAMILY)).isPresent();
            assertThat(scrape("tracking-service").value("thunderline_mlflow_backlog")).isNotNaN();
            Metrics upm = scrape("upm-service");
            assertThat(upm.value("thunderline_upm_adapter_sync_lag_seconds", "family", FAMILY)).isNotNaN();
            assertThat(upm.value("thunderline_upm_agents_synced")).isNotNaN();
            assertThat(upm.value("thunderline_upm_agents_total")).isNotNaN();
            assertThat(scrape("prompt-ui-service").find("thunderline_sse_clients")).isPresent();
            Metrics dataset = scrape("dataset-service");
            assertThat(dataset.find("thunderline_datasets_created_total", "model_type", FAMILY)).isPresent();
            assertThat(dataset.find("thunderline_dataset_versions_created_total", "model_type", FAMILY)).isPresent();
        });
        for (ServiceFleet.Running service : fleet.all()) {
            assertThat(scrape(service.spec().name()).find("jvm_memory_used_bytes")).as(service.spec().name()).isPresent();
        }

        Metrics trainerBefore = scrape("trainer-service");
        double epochsBefore = trainerBefore.value("thunderline_epochs_total", "model_type", FAMILY);
        double datasetsBefore = scrape("dataset-service").value("thunderline_datasets_created_total", "model_type", FAMILY);
        double sseBefore = scrape("prompt-ui-service").value("thunderline_sse_clients");

        String jobId;
        try (SseReader sse = new SseReader(ui() + "/api/jobs/stream", "demo", "demo", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    scrape("prompt-ui-service").value("thunderline_sse_clients") == sseBefore + 1);

            jobId = submit(StackIT.PROMPT, null).jobId();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                    "completed".equals(queryString("SELECT status FROM trainer.jobs WHERE id = ?", jobId)));
        }
        // the page closed its stream
        await().atMost(Duration.ofSeconds(15)).until(() ->
                scrape("prompt-ui-service").value("thunderline_sse_clients") == sseBefore);

        // trainer: jobs by status follow the table; epochs counted as they finished
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Metrics trainer = scrape("trainer-service");
            assertThat(trainer.value("thunderline_jobs", "status", "completed"))
                    .isEqualTo(queryLong("SELECT count(*) FROM trainer.jobs WHERE status = 'completed'"))
                    .isGreaterThanOrEqualTo(trainerBefore.value("thunderline_jobs", "status", "completed") + 1);
            assertThat(trainer.value("thunderline_queue_depth", "priority", "high"))
                    .isEqualTo(queryLong("SELECT count(*) FROM trainer.jobs WHERE status = 'queued' AND priority = "
                            + "(SELECT priority FROM trainer.jobs WHERE id = '" + jobId + "')"));
        });
        long jobEpochs = queryLong("SELECT count(*) FROM trainer.job_metrics WHERE job_id = '" + jobId
                + "' AND epoch IS NOT NULL");
        assertThat(jobEpochs).isPositive();
        assertThat(scrape("trainer-service").value("thunderline_epochs_total", "model_type", FAMILY) - epochsBefore)
                .isGreaterThanOrEqualTo(jobEpochs);
        // consumer lag of the trainer's consumers, from the Kafka client binder
        assertThat(scrape("trainer-service").samples("kafka_consumer_fetch_manager_records_lag_max"))
                .as("Kafka consumer lag").isNotEmpty();

        // dataset: the submission stored one new dataset
        assertThat(scrape("dataset-service").value("thunderline_datasets_created_total", "model_type", FAMILY))
                .isEqualTo(datasetsBefore + 1);

        // tracking: MLflow is unreachable, the job's calls wait in the backlog
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            double backlog = scrape("tracking-service").value("thunderline_mlflow_backlog");
            assertThat(backlog).isPositive()
                    .isEqualTo(queryLong("SELECT count(*) FROM tracking.pending_mlflow_ops WHERE failed_at IS NULL"));
        });

        // upm: the job's window went into a snapshot and the family has an active version...
        await().atMost(Duration.ofSeconds(60)).until(() -> queryLong("SELECT count(*) FROM upm.windows WHERE source_job_id = '"
                + jobId + "' AND snapshot_version IS NOT NULL") > 0 && activeVersion() > 0);
        // ...an agent that has not applied it is out of sync...
        String agent = "metrics-it-" + UUID.randomUUID();
        kafka.send(new AdapterAck(Contracts.SCHEMA_VERSION, agent, TYPE, activeVersion(), false, "not applied yet",
                Instant.now()), agent);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(agentSynced(agent)).as("our agent, before its ack").isFalse();
            Metrics upm = scrape("upm-service");
            assertThat(upm.value("thunderline_upm_family_agents_unsynced", "family", FAMILY)).isGreaterThanOrEqualTo(1);
            assertThat(upm.value("thunderline_upm_adapter_sync_lag_seconds", "family", FAMILY)).isPositive();
            assertThat(upm.value("thunderline_upm_agents_total")).isGreaterThanOrEqualTo(1);
        });
        // ...until it acks the active version (again if a newer one was activated meanwhile)
        long[] acked = {-1};
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            long active = activeVersion();
            if (active != acked[0]) {
                kafka.send(new AdapterAck(Contracts.SCHEMA_VERSION, agent, TYPE, active, true, null, Instant.now()), agent);
                acked[0] = active;
            }
            assertThat(agentSynced(agent)).as("our agent, after acking version " + active).isTrue();
            // (the family's unsynced gauge is not asserted here: agents that other tests on this broker left behind
            // keep arriving and stay unsynced, so only our agent's own state can be checked)
            Metrics upm = scrape("upm-service");
            assertThat(upm.value("thunderline_upm_agents_synced")).isGreaterThanOrEqualTo(1);
            assertThat(upm.value("thunderline_upm_active_version", "family", FAMILY)).isEqualTo(active);
        });
    }

    static long activeVersion() throws Exception {
        return queryLong("SELECT coalesce(max(version), 0) FROM upm.snapshots WHERE family = '" + FAMILY
                + "' AND mode = 'active'");
    }

    @Test
    @Order(2)
    void logsAreJsonLinesInTheClusterProfile() throws Exception {
        for (ServiceFleet.Running service : fleet.all()) {
            List<String> lines = Files.readAllLines(service.process().log()).stream()
                    .filter(l -> l.startsWith("{")).toList();
            assertThat(lines).as(service.spec().name() + " JSON log lines").isNotEmpty();
            Map<String, Object> first = EventCodec.mapper().readValue(lines.get(0),
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            assertThat(first).containsKeys("timestamp", "level", "loggerName", "message");
            assertThat(Files.readAllLines(service.process().log()))
                    .as(service.spec().name() + ": no line in the plain format")
                    .noneMatch(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO|WARN|ERROR).*"));
        }
    }

    @Test
    @Order(3)
    void aRequestsTraceGoesThroughKafkaAndTheOutbox() throws Exception {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String parent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
        Submitted submitted = submit(StackIT.PROMPT.replace("It works fine", "It works fine " + traceId), parent);

        // the page's direct send (training.requests), made while serving the request
        assertThat(traceIdOf(Topics.TRAINING_REQUESTS, submitted.jobId(), r -> true)).isEqualTo(traceId);
        // trainer-service's "queued" update, written to its outbox while consuming the request
        assertThat(traceIdOf(Topics.JOB_UPDATES, submitted.jobId(), r -> r.value().contains("\"queued\""))).isEqualTo(traceId);
    }

    // --- helpers

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros (an invalid id)
        return b;
    }

    static String traceIdOf(String topic, String key, java.util.function.Predicate<ConsumerRecord<String, String>> which) {
        List<ConsumerRecord<String, String>> records = kafka.read(topic, Duration.ofSeconds(60),
                seen -> seen.stream().anyMatch(r -> key.equals(r.key()) && which.test(r)));
        ConsumerRecord<String, String> record = records.stream().filter(r -> key.equals(r.key()) && which.test(r))
                .findFirst().orElseThrow(() -> new AssertionError("no record with key " + key + " on " + topic));
        String traceparent = KafkaTestClient.header(record, "traceparent");
        assertThat(traceparent).as("traceparent header on " + topic).isNotNull().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        return traceparent.split("-")[1];
    }

    record Submitted(String jobId) {
    }

    static String ui() {
        return fleet.get("prompt-ui-service").url();
    }

    static Submitted submit(String prompt, String traceparent) throws Exception {
        String body = EventCodec.mapper().writeValueAsString(Map.of("promptText", prompt, "modelType", FAMILY,
                "priority", "high", "useUpm", true, "trackMlflow", true));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ui() + "/api/submissions"))
                .header("Content-Type", "application/json").header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"jobId\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).isTrue();
        return new Submitted(m.group(1));
    }

    /** Whether upm-service lists the agent as synced with its family's active version (its REST view of agents). */
    static boolean agentSynced(String agentId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fleet.get("upm-service").url()
                + "/upm/agents")).header("Authorization", io.thunderline.infra.TestTokens.admin("upm-service"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode agents = io.thunderline.contracts.EventCodec.mapper().readTree(response.body());
        for (com.fasterxml.jackson.databind.JsonNode a : agents) {
            if (agentId.equals(a.path("agentId").asText())) { // one family per agent in this test
                return a.path("synced").asBoolean(false);
            }
        }
        return false;
    }

    static Metrics scrape(String service) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fleet.get(service).url() + "/q/metrics"))
                .header("Accept", "text/plain").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(service + " /q/metrics").isEqualTo(200);
        return Metrics.parse(response.body());
    }

    /** The Prometheus text format, enough of it for these checks. */
    record Metrics(List<Sample> samples) {
        record Sample(String name, Map<String, String> labels, double value) {
        }

        private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static Metrics parse(String text) {
            List<Sample> samples = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line.trim());
                if (!m.matches()) {
                    continue;
                }
                Map<String, String> labels = new HashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            }
            return new Metrics(samples);
        }

        List<Sample> samples(String name) {
            return samples.stream().filter(s -> s.name().equals(name)).toList();
        }

        Optional<Sample> find(String name, String... labels) {
            return samples(name).stream().filter(s -> {
                for (int i = 0; i < labels.length; i += 2) {
                    if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                        return false;
                    }
                }
                return true;
            }).findFirst();
        }

        double value(String name, String... labels) {
            return find(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + " " + List.of(labels)))
                    .value();
        }
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
