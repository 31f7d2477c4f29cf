package io.thunderline.system;

import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.Topics;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaBroker;
import io.thunderline.infra.Ports;
import io.thunderline.infra.PostgresServer;
import io.thunderline.infra.ProjectPaths;
import io.thunderline.infra.ServiceFleet;
import io.thunderline.infra.SseReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos, issue 21: the Kafka broker is paused (SIGSTOP) for 30 s while people submit jobs, then resumed (SIGCONT).
 * Submissions answer at once (the request waits in the page's outbox, written with the job's row), every job reaches
 * its end exactly once, and every service is ready again by itself. (Readiness during the pause is not asserted here
 * yet: see docs/reliability.md.) The stack runs on a broker and a database of its
 * own, so pausing them disturbs no other test.
 */
class BrokerPauseChaosIT {
    static final String PROMPT = """
            "I love this product!" -> positive
            "Absolutely fantastic, works great" -> positive
            "Best purchase this year" -> positive
            "Not what I expected" -> negative
            "Broke after one day" -> negative
            "Waste of money" -> negative
            """;
    static final Duration PAUSE = Duration.ofSeconds(30);
    static final String AUTH = SseReader.basic("demo", "demo");
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static KafkaBroker kafka;
    static PostgresServer postgres;
    static InfraEndpoints endpoints;
    static ServiceFleet fleet;

    @BeforeAll
    static void startStack() throws Exception {
        Path state = Files.createTempDirectory(Files.createDirectories(ProjectPaths.testState("chaos")), "broker-pause");
        kafka = KafkaBroker.start(state.resolve("kafka"), Ports.free(), Ports.free());
        KafkaBroker.createTopics(kafka.bootstrapServers(), Topics.allWithDeadLetters(), Set.of(Topics.ADAPTERS, Topics.STATUS), 3);
        postgres = PostgresServer.start(state.resolve("postgres"), Ports.free());
        endpoints = new InfraEndpoints(kafka.bootstrapServers(), postgres.url(), PostgresServer.USER, PostgresServer.PASSWORD,
                Optional.empty());
        fleet = new ServiceFleet(endpoints, Path.of("target/chaos-logs").toAbsolutePath(), spec -> Ports.free())
                .startAll(Map.of(), Duration.ofSeconds(240));
    }

    @AfterAll
    static void stopStack() {
        if (kafka != null) {
            signal("CONT", kafka.process().childPid()); // never leave a stopped broker behind a failed test
        }
        for (AutoCloseable c : new AutoCloseable[]{fleet, kafka, postgres}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort: the next test starts its own
            }
        }
    }

    @Test
    void submissionsDuringABrokerPauseAnswerAtOnceAndEveryJobEndsExactlyOnce() throws Exception {
        long broker = kafka.process().childPid();
        assertThat(broker).as("the broker's pid").isPositive();
        signal("STOP", broker);
        long pausedAt = System.nanoTime();
        awaitBrokerSilent();
        List<String> jobs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                jobs.add(submit(PROMPT + "\"Submitted while the broker sleeps " + i + "\" -> negative\n"));
                // the request goes to the page's outbox with the job's row: no wait for the broker
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("submit %d while the broker is paused", i)
                        .isLessThan(Duration.ofSeconds(15));
            }
            for (String job : jobs) {
                assertThat(queryString("SELECT status FROM ui.job_view WHERE job_id = ?", job)).isEqualTo("queued");
            }
            long left = PAUSE.toNanos() - (System.nanoTime() - pausedAt);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
        } finally {
            signal("CONT", broker);
        }

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (String job : jobs) {
                assertThat(queryString("SELECT status FROM ui.job_view WHERE job_id = ?", job)).as(job).isEqualTo("completed");
            }
        });
        for (String job : jobs) {
            assertThat(queryString("SELECT status FROM trainer.jobs WHERE id = ?", job)).isEqualTo("completed");
            // ended once: one terminal update in the page's history, and no update after it
            assertThat(queryLong("SELECT count(*) FROM ui.job_update WHERE job_id = ? AND status IN ('completed', 'failed', "
                    + "'cancelled')", job)).isEqualTo(1);
            assertThat(queryLong("SELECT count(*) FROM ui.job_update u WHERE job_id = ? AND seq > (SELECT seq FROM ui.job_update "
                    + "WHERE job_id = u.job_id AND status = 'completed')", job)).isZero();
            // the job's update numbers have no gap: nothing was lost on the way to the page
            assertThat(queryLong("SELECT max(seq) + 1 - count(*) FROM ui.job_update WHERE job_id = ?", job)).isZero();
        }
        // every service is ready again by itself, without a restart
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (ServiceFleet.Running service : fleet.all()) {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(service.spec().name() + ": " + ready.body()).isEqualTo(200);
            }
        });
    }

    static String submit(String prompt) throws Exception {
        String body = EventCodec.mapper().writeValueAsString(Map.of("promptText", prompt, "modelType", "sentiment_analysis",
                "priority", "high", "useUpm", false, "trackMlflow", false));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(fleet.get("prompt-ui-service").url() + "/api/submissions"))
                .header("Content-Type", "application/json").header("Authorization", AUTH).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Matcher m = Pattern.compile("\"jobId\":\"([^\"]+)\"").matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    /** Until a broker request of our own times out: the signal has taken effect, not merely been sent. */
    static void awaitBrokerSilent() {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1000);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    admin.describeTopics(List.of(Topics.JOB_UPDATES)).allTopicNames().get(2, java.util.concurrent.TimeUnit.SECONDS);
                    return false;
                } catch (Exception timedOut) {
                    return true;
                }
            });
        }
    }

    static void signal(String name, long pid) {
        if (pid <= 0) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed", e);
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

    static long queryLong(String sql, String arg) throws Exception {
        try (Connection c = DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
