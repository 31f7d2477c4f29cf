package io.thunderline.trainer;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.thunderline.infra.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Phases 2-3 on a remote Cerebros service (CEREBROS_URL set), including an outage of that service. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(DatasetFixture.class)
@QuarkusTestResource(CerebrosFixture.class)
class CerebrosIT {
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

    @AfterEach
    void serverBackUp() {
        CerebrosFixture.epochDelayMillis = 0;
        synchronized (CerebrosFixture.class) {
            CerebrosFixture.stopServer();
            CerebrosFixture.startServer();
        }
    }

    String submit(String datasetId) {
        String jobId = "job-" + UUID.randomUUID();
        kafka.send(new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, datasetId, 1, ModelType.SENTIMENT_ANALYSIS,
                Priority.HIGH, false, true, "I love this product -> positive", "it-user", Instant.now()), jobId);
        return jobId;
    }

    static String dataset() {
        String id = "ds-" + UUID.randomUUID();
        DatasetFixture.CSV.put(id, Prompts.sentimentCsv());
        return id;
    }

    JobRow job(String id) {
        return jobs.find(pool, id).await().indefinitely().orElseThrow();
    }

    List<CerebrosFixture.Submission> submissions(String datasetId) {
        return CerebrosFixture.SUBMISSIONS.stream().filter(s -> s.datasetId().equals(datasetId)).toList();
    }

    @Test
    void aJobIsSearchedAndTrainedOnCerebrosWithLiveTrialAndEpochUpdatesThenEvaluatedHere() {
        given().post("/queue/resume").then().statusCode(200);
        String datasetId = dataset();
        String jobId = submit(datasetId);
        await().atMost(Duration.ofSeconds(180)).until(() -> jobs.find(pool, jobId).await().indefinitely()
                .map(j -> j.status().terminal()).orElse(false));
        JobRow done = job(jobId);
        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);

        // 20 rows are few: the final model learns from all of them (sent over the contract) and phase 4 estimates
        // its quality here by cross-validation
        List<CerebrosFixture.Submission> sent = submissions(datasetId);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).rows()).isEqualTo(20);
        assertThat(sent.get(0).datasetName()).isEqualTo("prompt_" + datasetId + "_sentiment_analysis");
        assertThat(sent.get(0).config().path("checkpoint_format").asText()).isEqualTo("thunderline-model");

        List<JobUpdate> updates = JobQueueIT.updatesOf(kafka, jobId, JobStatus.COMPLETED);
        assertThat(updates).extracting(JobUpdate::seq).isSorted().doesNotHaveDuplicates();
        assertThat(updates).extracting(JobUpdate::phase).containsSubsequence(1, 2, 3, 4);
        // the same shapes as the local engine: per-epoch updates of each trial in phase 2 with validation metrics,
        // per-trial summaries, and the retrain's epochs in phase 3
        assertThat(updates).filteredOn(u -> u.epoch() != null && u.phase() == 2).isNotEmpty()
                .allSatisfy(u -> assertThat(u.metrics()).containsKeys("loss", "accuracy", "val_f1"));
        // the fixture runs ml-core's search: its linear trial and the 2 × 1 drawn ones
        assertThat(updates).filteredOn(u -> u.trial() != null && u.epoch() == null && u.phase() == 2).hasSize(3)
                .allSatisfy(u -> assertThat(u.params()).containsKey("best_epoch"));
        assertThat(updates).filteredOn(u -> u.epoch() != null && u.phase() == 3).isNotEmpty()
                .allSatisfy(u -> assertThat(u.metrics()).containsKeys("loss", "accuracy"));
        JobUpdate last = updates.get(updates.size() - 1);
        assertThat(last.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.COMPLETED).hasSize(1);
        assertThat(last.metrics()).containsKeys("accuracy", "f1", "loss", "best_trial_val_f1")
                .containsEntry("evaluated_examples", 20.0).containsKeys("cv_f1_mean", "cv_f1_std");
        assertThat(last.params()).containsEntry("evaluated_on", "cross_validation").containsKey("model_sha256")
                .hasEntrySatisfying("engine", e -> assertThat(e).startsWith("Cerebros at http://127.0.0.1:"));

        given().contentType(ContentType.JSON).body(Map.of("text", "I love it, wonderful and great"))
                .post("/models/" + jobId + "/predict").then().statusCode(200)
                .body("label", anyOf(equalTo("positive"), equalTo("negative")));
        given().get("/jobs/" + jobId + "/trials").then().statusCode(200).body("size()", equalTo(3));

        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'cerebros' }.status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", not(hasItem("cerebros")));
    }

    @Test
    void whileCerebrosIsDownTheJobWaitsInTheQueueSayingSoAndCompletesWhenItIsBack() {
        given().post("/queue/resume").then().statusCode(200);
        CerebrosFixture.epochDelayMillis = 400;
        String datasetId = dataset();
        String jobId = submit(datasetId);
        // training on Cerebros has begun: the trainer reported a search epoch from it
        await().atMost(Duration.ofSeconds(120)).until(() -> jobs.find(pool, jobId).await().indefinitely()
                .map(j -> j.phase() != null && j.phase() >= 2).orElse(false) && !submissions(datasetId).isEmpty());

        CerebrosFixture.stopServer();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JobRow j = job(jobId);
            return j.status() == JobStatus.QUEUED && j.error() != null && j.error().contains("Cerebros unavailable");
        });
        given().get("/q/health/well").then().statusCode(503)
                .body("checks.find { it.name == 'cerebros' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'cerebros' }.data.message", equalTo("Cerebros unavailable"));
        // the trainer itself stays ready: it accepts jobs and answers while Cerebros is down
        given().get("/q/health/ready").then().statusCode(200);

        // several rounds of backoff later it still waits, and has not used up its attempts (3 would fail it)
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            JobRow j = job(jobId);
            assertThat(j.status()).isIn(JobStatus.QUEUED, JobStatus.RUNNING);
            assertThat(j.attempts()).isLessThanOrEqualTo(1);
            sleep(200);
        }

        CerebrosFixture.epochDelayMillis = 0;
        synchronized (CerebrosFixture.class) {
            CerebrosFixture.startServer();
        }
        await().atMost(Duration.ofSeconds(180)).until(() -> job(jobId).status().terminal());
        JobRow done = job(jobId);
        assertThat(done.status()).as(done.error()).isEqualTo(JobStatus.COMPLETED);
        // the restarted service had forgotten the first submission, so the job was submitted again
        assertThat(submissions(datasetId)).hasSize(2);

        List<JobUpdate> updates = JobQueueIT.updatesOf(kafka, jobId, JobStatus.COMPLETED);
        assertThat(updates).extracting(JobUpdate::seq).isSorted().doesNotHaveDuplicates();
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.QUEUED && u.message() != null
                        && u.message().contains("Cerebros unavailable"))
                .isNotEmpty()
                .allSatisfy(u -> assertThat(u.message()).contains("does not use up attempts"));
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.COMPLETED).hasSize(1);
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.FAILED).isEmpty();
        assertThat(updates.get(updates.size() - 1).metrics()).containsKeys("accuracy", "f1");
        given().get("/jobs/" + jobId + "/logs").then().statusCode(200)
                .body("line", hasItem(org.hamcrest.Matchers.containsString("no longer knows job")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/well").then().statusCode(200));
    }

    @Test
    void cancellingAJobThatTrainsOnCerebrosStopsItWithinAPoll() {
        given().post("/queue/resume").then().statusCode(200);
        CerebrosFixture.epochDelayMillis = 400;
        String datasetId = dataset();
        String jobId = submit(datasetId);
        await().atMost(Duration.ofSeconds(120)).until(() -> jobs.find(pool, jobId).await().indefinitely()
                .map(j -> j.phase() != null && j.phase() >= 2).orElse(false));
        given().header("Authorization", TestTokens.admin("dave", "trainer-service")).post("/jobs/" + jobId + "/cancel").then().statusCode(200)
                .body("outcome", equalTo("cancelling"));
        await().atMost(Duration.ofSeconds(10)).until(() -> job(jobId).status().terminal());
        assertThat(job(jobId).status()).isEqualTo(JobStatus.CANCELLED);
        List<JobUpdate> updates = JobQueueIT.updatesOf(kafka, jobId, JobStatus.CANCELLED);
        assertThat(updates.get(updates.size() - 1).message()).contains("Cancelled by dave during phase");
        assertThat(updates).filteredOn(u -> u.status() == JobStatus.COMPLETED).isEmpty();
    }

    @Test
    void aTrainingThatFailsOnCerebrosIsAnOrdinaryFailedAttemptAndARefusalIsFinal() {
        given().post("/queue/resume").then().statusCode(200);
        String failing = dataset();
        CerebrosFixture.FAIL_TRAINING.add(failing);
        String refused = dataset();
        CerebrosFixture.REFUSE.add(refused);
        String failingJob = submit(failing);
        String refusedJob = submit(refused);

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(pool, failingJob).await().indefinitely()
                .map(j -> j.status().terminal()).orElse(false));
        JobRow failed = job(failingJob);
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.error()).contains("Cerebros could not train this job: out of GPU memory in trial 0")
                .contains("gave up after 3 attempts");
        // each attempt submitted afresh instead of reading the same failed remote job again
        assertThat(submissions(failing)).hasSize(3);

        await().atMost(Duration.ofSeconds(60)).until(() -> jobs.find(pool, refusedJob).await().indefinitely()
                .map(j -> j.status().terminal()).orElse(false));
        JobRow refusedRow = job(refusedJob);
        assertThat(refusedRow.status()).isEqualTo(JobStatus.FAILED);
        assertThat(refusedRow.attempts()).isEqualTo(1);
        assertThat(refusedRow.error()).contains("Cerebros refused the request (422").contains("does not train datasets");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
