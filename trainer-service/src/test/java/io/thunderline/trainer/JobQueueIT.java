package io.thunderline.trainer;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.thunderline.infra.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.Topics;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(DatasetFixture.class)
class JobQueueIT {
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

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    /** Who the requests of this class name as the jobs' owner. */
    static final String OWNER = "it-user";

    static TrainingRequested request(String jobId, String datasetId, Priority priority) {
        return new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, datasetId, 1, ModelType.SENTIMENT_ANALYSIS,
                priority, false, false, "I love this product -> positive", OWNER, Instant.now());
    }

    static String dataset(String csv) {
        String id = "ds-" + UUID.randomUUID();
        DatasetFixture.CSV.put(id, csv);
        return id;
    }

    JobRow awaitStatus(String jobId, JobStatus status, Duration timeout) {
        await().atMost(timeout).until(() -> jobs.find(pool, jobId).await().indefinitely()
                .map(JobRow::status).filter(s -> s == status).isPresent());
        return jobs.find(pool, jobId).await().indefinitely().orElseThrow();
    }

    @Test
    void aDuplicatedRequestMakesOneJob() {
        String jobId = "job-" + UUID.randomUUID();
        TrainingRequested request = request(jobId, dataset(Prompts.sentimentCsv()), Priority.HIGH);
        kafka.send(request, jobId, "same-ce-id-" + jobId);
        kafka.send(request, jobId, "same-ce-id-" + jobId);
        kafka.send(request, jobId); // same job, new message id: still one job

        awaitStatus(jobId, JobStatus.COMPLETED, Duration.ofSeconds(120));
        List<JobUpdate> updates = updatesOf(kafka, jobId, JobStatus.COMPLETED);
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.QUEUED).hasSize(1);
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.COMPLETED).hasSize(1);
        assertThat(updates).extracting(JobUpdate::seq).isSorted().doesNotHaveDuplicates();

        // self-sufficient events: the first update carries the request, the completed one where the model is
        JobUpdate queued = updates.get(0);
        assertThat(queued.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(queued.request()).isEqualTo(request);
        JobUpdate completed = updates.get(updates.size() - 1);
        assertThat(completed.modelUrl()).isEqualTo("http://trainer.test:8082/models/" + jobId + "/file");
        assertThat(updates.subList(1, updates.size())).allSatisfy(u -> assertThat(u.request()).isNull());
        assertThat(updates.subList(0, updates.size() - 1)).allSatisfy(u -> assertThat(u.modelUrl()).isNull());
        byte[] model = given().get(java.net.URI.create(completed.modelUrl()).getPath()).then().statusCode(200)
                .extract().asByteArray();
        assertThat(model).isNotEmpty();
    }

    @Test
    void aMalformedRequestGoesToTheDeadLetterTopicAndConsumingGoesOn() {
        String badKey = "bad-" + UUID.randomUUID();
        kafka.sendRaw(Topics.TRAINING_REQUESTS, badKey,
                EventCodec.toJson(request(badKey, "x", Priority.LOW)).replace("\"datasetId\"", "\"datasetIdentifier\""),
                Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_type", "x", "ce_source", "/test"));
        String goodId = "job-" + UUID.randomUUID();
        kafka.send(request(goodId, dataset(Prompts.sentimentCsv()), Priority.LOW), goodId);

        List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.TRAINING_REQUESTS), Duration.ofSeconds(60),
                seen -> seen.stream().anyMatch(r -> badKey.equals(r.key())));
        ConsumerRecord<String, String> record = dead.stream().filter(r -> badKey.equals(r.key())).findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(record, "dead-letter-reason")).contains("missing required field 'datasetId'");
        assertThat(KafkaTestClient.header(record, "dead-letter-topic")).isEqualTo(Topics.TRAINING_REQUESTS);

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(pool, goodId).await().indefinitely().isPresent());
    }

    @Test
    void highPriorityJobsAreClaimedBeforeNormalBeforeLowUnderLoad() {
        given().post("/queue/pause").then().statusCode(200);
        String datasetId = dataset(Prompts.sentimentCsv());
        List<String> ids = new ArrayList<>();
        Map<String, Priority> priorities = new java.util.HashMap<>();
        Priority[] cycle = {Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.LOW, Priority.NORMAL};
        // 50 jobs, each really trained (about 3-4 s apiece on 2 cores), queue while paused: 10 high, 20 normal, 20 low
        for (int i = 0; i < 50; i++) {
            String id = "prio-" + i + "-" + UUID.randomUUID();
            ids.add(id);
            priorities.put(id, cycle[i % cycle.length]);
            kafka.send(request(id, datasetId, cycle[i % cycle.length]), id);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> jobs.find(pool, id).await().indefinitely().isPresent()));
        given().post("/queue/resume").then().statusCode(200);

        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() -> ids.stream()
                .allMatch(id -> jobs.find(pool, id).await().indefinitely().map(j -> j.status() == JobStatus.COMPLETED).orElse(false)));
        List<JobRow> byStart = ids.stream().map(id -> jobs.find(pool, id).await().indefinitely().orElseThrow())
                .sorted(Comparator.comparing(JobRow::startedAt)).toList();
        List<Priority> startOrder = byStart.stream().map(j -> priorities.get(j.id())).toList();
        // claims are strictly by priority: every high before any normal, every normal before any low
        assertThat(startOrder.subList(0, 10)).containsOnly(Priority.HIGH);
        assertThat(startOrder.subList(10, 30)).containsOnly(Priority.NORMAL);
        assertThat(startOrder.subList(30, 50)).containsOnly(Priority.LOW);
        // and within a priority, oldest first
        List<JobRow> highs = byStart.subList(0, 10);
        assertThat(highs).isSortedAccordingTo(Comparator.comparing(j -> Integer.parseInt(j.id().split("-")[1])));
    }

    @Test
    void aCancelThatComesBeforeItsJobCancelsItOnArrivalEvenWhenBothRace() {
        String datasetId = dataset(Prompts.sentimentCsv());
        String owner = TestTokens.user(OWNER, "trainer-service");
        // without the page's flag an unknown job is a 404, and nothing is remembered for it
        String unknown = "early-" + UUID.randomUUID();
        given().header("Authorization", owner).post("/jobs/" + unknown + "/cancel").then().statusCode(404);

        // the page's case: Cancel clicked while the request is still on its way
        String first = "early-" + UUID.randomUUID();
        given().header("Authorization", owner).queryParam("beforeArrival", true).post("/jobs/" + first + "/cancel")
                .then().statusCode(200).body("outcome", org.hamcrest.Matchers.equalTo("cancel-on-arrival"));
        kafka.send(request(first, datasetId, Priority.HIGH), first);
        JobRow cancelled = awaitStatus(first, JobStatus.CANCELLED, Duration.ofSeconds(60));
        assertThat(cancelled.attempts()).isZero();
        List<JobUpdate> updates = updatesOf(kafka, first, JobStatus.CANCELLED);
        assertThat(updates).extracting(JobUpdate::status).containsExactly(JobStatus.QUEUED, JobStatus.CANCELLED);
        assertThat(updates.get(1).message()).isEqualTo("Cancelled by " + OWNER + " before it started");
        // a redelivered request changes nothing
        kafka.send(request(first, datasetId, Priority.HIGH), first);
        assertThat(waitingCancels(unknown)).isZero();
        assertThat(waitingCancels(first)).as("applied, then forgotten").isZero();

        given().post("/queue/pause").then().statusCode(200);
        try {
            // someone else's early cancel is dropped when the job arrives: the job stays queued
            String others = "early-" + UUID.randomUUID();
            given().header("Authorization", TestTokens.user("mallory", "trainer-service")).queryParam("beforeArrival", true)
                    .post("/jobs/" + others + "/cancel").then().statusCode(200);
            kafka.send(request(others, datasetId, Priority.NORMAL), others);
            await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(pool, others).await().indefinitely().isPresent());
            assertThat(jobs.find(pool, others).await().indefinitely().orElseThrow().status()).isEqualTo(JobStatus.QUEUED);
            assertThat(waitingCancels(others)).isZero();
            given().header("Authorization", TestTokens.user("mallory", "trainer-service")).post("/jobs/" + others + "/cancel")
                    .then().statusCode(404);
            given().header("Authorization", owner).post("/jobs/" + others + "/cancel").then().statusCode(200)
                    .body("outcome", org.hamcrest.Matchers.equalTo("cancelled"));

            // the request and the cancel at the same moment, 20 times over: each job ends cancelled, whichever came
            // first (the queue is paused, so a job that arrived first is still queued when its cancel comes)
            List<String> ids = new ArrayList<>();
            List<java.util.concurrent.CompletableFuture<Integer>> cancels = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String id = "race-" + i + "-" + UUID.randomUUID();
                ids.add(id);
                kafka.send(request(id, datasetId, Priority.NORMAL), id);
                cancels.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> given().header("Authorization", owner)
                        .queryParam("beforeArrival", true).post("/jobs/" + id + "/cancel").then().extract().statusCode()));
            }
            assertThat(cancels).allSatisfy(c -> assertThat(c.join()).isEqualTo(200));
            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> jobs.find(pool, id)
                    .await().indefinitely().map(j -> j.status() == JobStatus.CANCELLED).orElse(false)));
        } finally {
            given().post("/queue/resume").then().statusCode(200);
        }
    }

    long waitingCancels(String jobId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM cancels_before_arrival WHERE job_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(jobId)).await().indefinitely().iterator().next().getLong("n");
    }

    @Test
    void aJobWhoseDatasetKeepsFailingFailsAfterThreeAttemptsWithItsReason() {
        String datasetId = "ds-failing-" + UUID.randomUUID();
        DatasetFixture.FAILING.put(datasetId, new AtomicInteger());
        String jobId = "job-" + UUID.randomUUID();
        kafka.send(request(jobId, datasetId, Priority.HIGH), jobId);

        JobRow failed = awaitStatus(jobId, JobStatus.FAILED, Duration.ofSeconds(120));
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).contains("dataset-service unavailable").contains("gave up after 3 attempts");
        List<JobUpdate> updates = updatesOf(kafka, jobId, JobStatus.FAILED);
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.RUNNING && u.phase() == null).hasSize(3);
        assertThat(updates.get(updates.size() - 1).message()).contains("gave up after 3 attempts");
    }

    @Test
    void aJobWhoseDatasetIsGoneFailsAtOnceWithoutRetrying() {
        String jobId = "job-" + UUID.randomUUID();
        kafka.send(request(jobId, "ds-never-existed-" + UUID.randomUUID(), Priority.HIGH), jobId);
        JobRow failed = awaitStatus(jobId, JobStatus.FAILED, Duration.ofSeconds(60));
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.error()).contains("does not exist any more");
    }

    static List<JobUpdate> updatesOf(KafkaTestClient kafka, String jobId, JobStatus last) {
        // decoded, not matched as text: the outbox's copy comes back from PostgreSQL's jsonb as "status": "failed"
        // (with a space), so a text match missed it and every call waited out the read's 60 s
        return updatesUntil(kafka, jobId, value -> EventCodec.fromJson(value, JobUpdate.class).status() == last);
    }

    /** A job's updates as read from Kafka (decoded from the JSON on the wire), up to one whose JSON matches {@code last}. */
    static List<JobUpdate> updatesUntil(KafkaTestClient kafka, String jobId, java.util.function.Predicate<String> last) {
        return kafka.read(Topics.JOB_UPDATES, Duration.ofSeconds(60),
                        seen -> seen.stream().anyMatch(r -> jobId.equals(r.key()) && last.test(r.value())))
                .stream().filter(r -> jobId.equals(r.key()))
                .map(r -> EventCodec.fromJson(r.value(), JobUpdate.class))
                .sorted(Comparator.comparingLong(JobUpdate::seq))
                .toList();
    }
}
