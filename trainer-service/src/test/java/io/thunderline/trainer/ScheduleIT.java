package io.thunderline.trainer;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.Topics;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.schedule.ScheduleRunner;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Scheduled training: cron schedules rerun a dataset's newest version, once per due time across racing instances. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(DatasetFixture.class)
class ScheduleIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("trainer-service");
    }

    static KafkaTestClient kafka;

    @Inject
    JobRepository jobs;

    @Inject
    Pool pool;

    @Inject
    ScheduleRunner runner;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @AfterEach
    void resumeQueue() {
        given().post("/queue/resume").then().statusCode(200);
    }

    static String dataset(int latest) {
        String id = "ds-" + UUID.randomUUID();
        DatasetFixture.CSV.put(id, Prompts.sentimentCsv());
        DatasetFixture.LATEST.put(id, latest);
        return id;
    }

    static Map<String, Object> schedule(String datasetId, String cron) {
        Map<String, Object> body = new HashMap<>();
        body.put("datasetId", datasetId);
        body.put("modelType", "sentiment_analysis");
        body.put("cron", cron);
        body.put("priority", "low");
        body.put("useUpm", false);
        body.put("trackMlflow", true);
        body.put("createdBy", "it-user");
        return body;
    }

    @Test
    void badSchedulesAreRefusedNamingTheFieldAndNothingIsStored() {
        String datasetId = dataset(1);
        refused(schedule(datasetId, "every night"), "cron", "5 fields");
        refused(schedule(datasetId, "61 * * * *"), "cron", "0 3 * * *");
        refused(schedule(datasetId, null), "cron", "cron is empty");
        refused(schedule(null, "0 3 * * *"), "datasetId", "required");
        refused(schedule("ds-none-" + UUID.randomUUID(), "0 3 * * *"), "datasetId", "no dataset");
        Map<String, Object> urgent = schedule(datasetId, "0 3 * * *");
        urgent.put("priority", "urgent");
        refused(urgent, "priority", "high, normal or low");
        Map<String, Object> chat = schedule(datasetId, "0 3 * * *");
        chat.put("modelType", "general_chat");
        refused(chat, "modelType", "sentiment_analysis");
        given().get("/schedules?datasetId=" + datasetId).then().statusCode(200).body("size()", equalTo(0));

        // a good one is stored with its first due time, listed, and deleted
        String id = given().contentType(ContentType.JSON).body(schedule(datasetId, "0 3 * * *")).post("/schedules")
                .then().statusCode(201).body("cron", equalTo("0 3 * * *")).body("priority", equalTo("low"))
                .body("enabled", equalTo(true)).body("nextRunAt", containsString("T03:00:00"))
                .extract().path("id");
        given().get("/schedules?datasetId=" + datasetId).then().statusCode(200).body("size()", equalTo(1));
        given().get("/schedules/" + id).then().statusCode(200).body("datasetId", equalTo(datasetId));
        given().delete("/schedules/" + id).then().statusCode(204);
        given().delete("/schedules/" + id).then().statusCode(404);
        given().get("/schedules/" + id).then().statusCode(404);
    }

    private static void refused(Map<String, Object> body, String field, String hint) {
        given().contentType(ContentType.JSON).body(body).post("/schedules").then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo(field)).body("detail", containsString(hint));
    }

    @Test
    void aScheduleRerunsTheNewestVersionOncePerDueTimeWhileTwoMoreSchedulersRace() throws Exception {
        // the queue is paused: this test is about what gets enqueued, not about training it
        given().post("/queue/pause").then().statusCode(200);
        String datasetId = dataset(2);
        String id = given().contentType(ContentType.JSON).body(schedule(datasetId, "*/2 * * * * ?")).post("/schedules")
                .then().statusCode(201).extract().path("id");
        String prefix = "sched-" + id + "-";

        // two more schedulers, as two more trainer instances would run them, next to this instance's own
        AtomicBoolean racing = new AtomicBoolean(true);
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger looks = new AtomicInteger();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                while (racing.get()) {
                    try {
                        fired.addAndGet(runner.fireDue().await().atMost(Duration.ofSeconds(30)));
                        looks.incrementAndGet();
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                }
            }, "racing-scheduler-" + i);
            t.start();
            racers.add(t);
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> runs(id) >= 3);
            DatasetFixture.LATEST.put(datasetId, 3); // a new version arrives: later runs train it
            long before = runs(id);
            await().atMost(Duration.ofSeconds(30)).until(() -> runs(id) >= before + 3);
        } finally {
            racing.set(false);
            for (Thread t : racers) {
                t.join(30_000);
            }
        }
        long stored = runs(id);
        given().delete("/schedules/" + id).then().statusCode(204);
        System.out.printf("schedule %s: %d firings, %d of them by the two racing schedulers (%d looks)%n", id, stored,
                fired.get(), looks.get());
        assertThat(errors).as("errors of the racing schedulers").isEmpty();
        assertThat(looks.get()).as("looks by the racing schedulers").isGreaterThan(50);

        // exactly one training request per due time, however many schedulers looked
        List<TrainingRequested> requests = requests(prefix, stored);
        Map<String, Long> perJob = requests.stream().collect(Collectors.groupingBy(TrainingRequested::jobId, Collectors.counting()));
        assertThat(perJob.values()).as("requests per job id").containsOnly(1L);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(6);
        assertThat((long) requests.size()).isBetween(stored, stored + 1); // + a firing between reading runs and deleting
        List<Long> dues = requests.stream().map(r -> Long.parseLong(r.jobId().substring(prefix.length()))).sorted().toList();
        assertThat(dues).doesNotHaveDuplicates().allSatisfy(d -> assertThat(d % 2).isZero());

        // each run trains the newest version at its time: 2 first, then 3
        List<Integer> versions = requests.stream().sorted(Comparator.comparing(TrainingRequested::jobId))
                .map(TrainingRequested::datasetVersion).toList();
        assertThat(versions).isSorted().contains(2, 3);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.datasetId()).isEqualTo(datasetId);
            assertThat(r.createdBy()).isEqualTo("it-user");
            assertThat(r.trackMlflow()).isTrue();
        });

        // and each became one queued job
        await().atMost(Duration.ofSeconds(60)).until(() -> requests.stream()
                .allMatch(r -> jobs.find(pool, r.jobId()).await().indefinitely().isPresent()));
        for (TrainingRequested r : requests) {
            JobRow job = jobs.find(pool, r.jobId()).await().indefinitely().orElseThrow();
            assertThat(job.datasetVersion()).isEqualTo(r.datasetVersion());
            assertThat(job.priority().wireName()).isEqualTo("low");
        }

        // deleted: no more firings
        Thread.sleep(3_000);
        assertThat(countRequests(prefix, Duration.ofSeconds(3))).isEqualTo(requests.size());

        for (TrainingRequested r : requests) {
            given().post("/jobs/" + r.jobId() + "/cancel");
        }
        given().post("/queue/resume").then().statusCode(200);
        requests.forEach(r -> assertThat(jobs.find(pool, r.jobId()).await().indefinitely().orElseThrow().status())
                .isIn(JobStatus.CANCELLED, JobStatus.COMPLETED, JobStatus.RUNNING));
    }

    long runs(String scheduleId) {
        Number n = given().get("/schedules/" + scheduleId).then().statusCode(200).extract().path("runs");
        return n.longValue();
    }

    static long countRequests(String prefix, Duration wait) {
        return kafka.read(Topics.TRAINING_REQUESTS, wait, seen -> false).stream()
                .filter(r -> r.key() != null && r.key().startsWith(prefix)).count();
    }

    static List<TrainingRequested> requests(String prefix, long expected) {
        // read for a while past the expected count, so that a second request for some due time would be seen too
        long[] reachedAt = {0};
        List<ConsumerRecord<String, String>> seen = kafka.read(Topics.TRAINING_REQUESTS, Duration.ofSeconds(40), records -> {
            if (reachedAt[0] == 0 && records.stream().filter(r -> r.key() != null && r.key().startsWith(prefix)).count() >= expected) {
                reachedAt[0] = System.nanoTime();
            }
            return reachedAt[0] != 0 && System.nanoTime() - reachedAt[0] > Duration.ofSeconds(3).toNanos();
        });
        return seen.stream().filter(r -> r.key() != null && r.key().startsWith(prefix))
                .map(r -> EventCodec.fromJson(r.value(), TrainingRequested.class)).toList();
    }
}
