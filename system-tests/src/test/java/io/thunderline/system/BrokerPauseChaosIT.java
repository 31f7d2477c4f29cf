package io.thunderline.system;

import io.thunderline.contracts.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos, issue 21: the Kafka broker is paused (SIGSTOP) for 30 s while people submit jobs, then resumed (SIGCONT).
 * Submissions answer at once (the request waits in the page's outbox, written with the job's row), every job reaches
 * its end exactly once, and every service is ready again by itself. During the pause every service's readiness says
 * what is down (503, check "kafka" DOWN) within a few seconds instead of hanging, and the page's status names Kafka.
 * The stack runs on a broker and a database of its own ({@link ChaosStack}), so pausing them disturbs no other test.
 */
class BrokerPauseChaosIT {
    static final Duration PAUSE = Duration.ofSeconds(30);
    /** How long a readiness probe may take while the broker is paused. */
    static final Duration PROBE_WITHIN = Duration.ofSeconds(8);

    static ChaosStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = ChaosStack.start("broker-pause");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void submissionsDuringABrokerPauseAnswerAtOnceAndEveryJobEndsExactlyOnce() throws Exception {
        long broker = stack.kafka().process().childPid();
        assertThat(broker).as("the broker's pid").isPositive();
        assertThat(ChaosStack.commandLine(broker)).as("pid %d is this test's broker", broker)
                .contains("kafka.Kafka");
        ChaosStack.signal("STOP", broker);
        long pausedAt = System.nanoTime();
        awaitBrokerSilent();
        List<String> jobs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                jobs.add(stack.submit(ChaosStack.PROMPT + "\"Submitted while the broker sleeps " + i + "\" -> negative\n"));
                // the request goes to the page's outbox with the job's row: no wait for the broker
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("submit %d while the broker is paused", i)
                        .isLessThan(Duration.ofSeconds(15));
            }
            assertThat(ChaosStack.state(broker)).as("the broker is still stopped").isEqualTo("T");
            assertEveryServiceNamesKafkaDown();
            assertThat(ChaosStack.state(broker)).as("the broker is still stopped").isEqualTo("T");
            for (String job : jobs) {
                assertThat(stack.queryString("SELECT status FROM ui.job_view WHERE job_id = ?", job))
                        .as("job %s while the broker (pid %d, state %s) is paused", job, broker, ChaosStack.state(broker))
                        .isEqualTo("queued");
            }
            long left = PAUSE.toNanos() - (System.nanoTime() - pausedAt);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
        } finally {
            ChaosStack.signal("CONT", broker);
        }

        stack.assertEachCompletedExactlyOnce(jobs, Duration.ofMinutes(4));
        stack.assertAllReadyWithin(Duration.ofSeconds(90));
    }

    /**
     * Each service's readiness answers 503 with its "kafka" check DOWN, each probe within {@link #PROBE_WITHIN}
     * (the check itself gives up after 3 s); the page's status, which the badges show, names Kafka.
     */
    static void assertEveryServiceNamesKafkaDown() throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String service : stack.services()) {
            long asked = System.nanoTime();
            java.net.http.HttpResponse<String> ready = stack.readiness(service, PROBE_WITHIN.plusSeconds(5));
            double seconds = (System.nanoTime() - asked) / 1e9;
            assertThat(ready.statusCode()).as("%s readiness during the pause: %s", service, ready.body()).isEqualTo(503);
            assertThat(kafkaCheck(ready.body())).as("%s: %s", service, ready.body()).isEqualTo("DOWN");
            assertThat(seconds).as("%s readiness answered in s", service).isLessThan(PROBE_WITHIN.toSeconds());
            seen.append(String.format(" %s %.1f s;", service, seconds));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> stack.pageGet("/api/status").contains("kafka-unavailable"));
        System.out.println("during the broker pause, readiness 503 with kafka DOWN:" + seen
                + " the page's status names kafka-unavailable");
    }

    /** The status of the readiness report's "kafka" check, or null when there is none. */
    static String kafkaCheck(String report) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode check : io.thunderline.contracts.EventCodec.mapper().readTree(report)
                .path("checks")) {
            if ("kafka".equals(check.path("name").asText())) {
                return check.path("status").asText();
            }
        }
        return null;
    }

    /** Until a broker request of our own times out: the signal has taken effect, not merely been sent. */
    static void awaitBrokerSilent() {
        java.util.Properties props = new java.util.Properties();
        props.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
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
}
