package io.thunderline.trainer;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.thunderline.infra.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.model.TextClassifier;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(DatasetFixture.class)
class TrainingRunIT {
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

    String submit(ModelType type, String csv, boolean useUpm) {
        String datasetId = "ds-" + UUID.randomUUID();
        DatasetFixture.CSV.put(datasetId, csv);
        String jobId = "job-" + UUID.randomUUID();
        kafka.send(new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, datasetId, 1, type, Priority.HIGH, useUpm, true,
                "prompt", "it-user", Instant.now()), jobId);
        return jobId;
    }

    JobRow awaitTerminal(String jobId, Duration timeout) {
        await().atMost(timeout).until(() -> jobs.find(pool, jobId).await().indefinitely()
                .map(JobRow::status).filter(JobStatus::terminal).isPresent());
        return jobs.find(pool, jobId).await().indefinitely().orElseThrow();
    }

    @Test
    void aClassificationJobSearchesTrainsEstimatesByCrossValidationAndPredicts() throws Exception {
        String jobId = submit(ModelType.SENTIMENT_ANALYSIS, Prompts.sentimentCsv(), true);
        JobRow job = awaitTerminal(jobId, Duration.ofSeconds(180));
        assertThat(job.status()).as(job.error()).isEqualTo(JobStatus.COMPLETED);

        List<JobUpdate> updates = JobQueueIT.updatesOf(kafka, jobId, JobStatus.COMPLETED);
        assertThat(updates).extracting(JobUpdate::phase).containsSubsequence(1, 2, 3, 4);
        // search epochs are scored on the validation split; the retrain of phase 3 has none
        assertThat(updates).filteredOn(u -> u.epoch() != null && u.phase() == 2).isNotEmpty()
                .allSatisfy(u -> assertThat(u.metrics()).containsKeys("loss", "accuracy", "val_f1"));
        // the final training is not a trial: its epochs carry no trial number (MLflow names them apart from the search)
        assertThat(updates).filteredOn(u -> u.epoch() != null && u.phase() == 3).isNotEmpty()
                .allSatisfy(u -> assertThat(u.metrics()).containsKeys("loss", "accuracy"))
                .allSatisfy(u -> assertThat(u.trial()).isNull());
        assertThat(updates).filteredOn(u -> u.trial() != null && u.epoch() == null).isNotEmpty();
        JobUpdate last = updates.get(updates.size() - 1);
        assertThat(last.status()).isEqualTo(JobStatus.COMPLETED);
        // 20 examples: the model learns from all of them, its quality is a 5-fold cross-validated estimate
        assertThat(last.metrics()).containsKeys("accuracy", "f1", "loss", "cv_f1_mean", "cv_f1_std", "cv_accuracy_std",
                "cv_precision_positive", "cv_recall_negative").containsEntry("evaluated_examples", 20.0)
                .containsEntry("cv_folds", 5.0);
        assertThat(last.metrics().get("cv_f1_mean")).isBetween(0.0, 1.0);
        assertThat(last.params()).containsKeys("architecture", "confusion_matrix", "model_sha256", "encoder")
                .containsEntry("evaluated_on", "cross_validation");
        assertThat(last.message()).contains("5-fold estimate").contains("±");

        given().contentType(ContentType.JSON).body(Map.of("text", "I love it, wonderful and great"))
                .post("/models/" + jobId + "/predict")
                .then().statusCode(200)
                .body("label", anyOf(equalTo("positive"), equalTo("negative")))
                .body("probabilities.positive", notNullValue());

        byte[] file = given().get("/models/" + jobId + "/file").then().statusCode(200).extract().asByteArray();
        TextClassifier loaded = (TextClassifier) ModelFile.load(new ByteArrayInputStream(file));
        assertThat(loaded.labels()).containsExactlyInAnyOrder("positive", "negative");

        List<String> logs = given().get("/jobs/" + jobId + "/logs").then().statusCode(200).extract().path("line");
        // this IT's engine is the Cerebros fixture (ml-core's search without a sentence encoder): the linear
        // n-gram trial and the 2 × 1 drawn ones of the test settings; the cross-validation folds run in process
        int trials = given().get("/jobs/" + jobId + "/trials").then().statusCode(200).extract().path("size()");
        assertThat(trials).as(String.join("\n", logs)).isEqualTo(3);
        assertThat(logs).anyMatch(l -> l.startsWith("sentence encoder all-MiniLM-L6-v2-q"))
                .anyMatch(l -> l.contains("UPM: sent 20 training rows"))
                .anyMatch(l -> l.startsWith("fold 5/5: accuracy"));
    }

    @Test
    void aChatJobAdaptsThePretrainedModelScoresHeldOutAnswersAndStreams() throws Exception {
        String jobId = submit(ModelType.GENERAL_CHAT, Prompts.chatCsv(), false);
        JobRow job = awaitTerminal(jobId, Duration.ofSeconds(600));
        assertThat(job.status()).as(job.error()).isEqualTo(JobStatus.COMPLETED);
        List<JobUpdate> updates = JobQueueIT.updatesOf(kafka, jobId, JobStatus.COMPLETED);
        assertThat(updates).extracting(JobUpdate::phase).containsSubsequence(1, 2, 3, 4);
        assertThat(updates).filteredOn(u -> u.phase() != null && u.phase() == 2 && u.message() != null)
                .anySatisfy(u -> assertThat(u.message()).contains("no architecture search"));
        JobUpdate last = updates.stream().filter(u -> u.status() == JobStatus.COMPLETED).findFirst().orElseThrow();
        // leave-one-out over the 6 pairs: ROUGE-L and cosine of the job's model, the base model and the character model
        assertThat(last.metrics()).containsKeys("rougeL_job", "cosine_job", "rougeL_base", "cosine_base", "rougeL_char",
                "cosine_char").containsEntry("evaluated_examples", 6.0).doesNotContainKeys("accuracy", "f1", "val_f1");
        assertThat(last.metrics().get("rougeL_job")).isBetween(0.0, 1.0);
        assertThat(last.params()).containsEntry("evaluated_on", "held_out")
                .containsEntry("evaluation", "leave-one-out over 6 examples")
                .containsEntry("base_model", "SmolLM2-135M-Instruct-Q4_1").containsKeys("heldout_examples", "settings");
        assertThat(last.params().get("heldout_examples")).contains("\"expected\":\"hi there\"", "\"generated\":");

        String answer = given().contentType(ContentType.JSON).body(Map.of("text", "hello"))
                .post("/models/" + jobId + "/predict").then().statusCode(200).extract().path("answer");
        assertThat(answer).isNotBlank();

        String events = given().contentType(ContentType.JSON)
                .body(Map.of("prompt", "and how are you today?", "maxTokens", 16,
                        "history", List.of(Map.of("role", "user", "content", "hello"), Map.of("role", "assistant", "content", "hi there"))))
                .post("/models/" + jobId + "/generate").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/event-stream")).extract().asString();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("event: ?token").matcher(events);
        java.util.regex.Matcher done = java.util.regex.Pattern.compile("event: ?done\\n(?:\\w+:.*\\n)*data: ?\\{\"answer\":").matcher(events);
        assertThat(token.find()).as(events).isTrue();
        assertThat(done.find()).as(events).isTrue();
        assertThat(token.start()).isLessThan(done.start());
        // six pairs, too few to choose: the default writes a second draft without the examples, announced before its
        // tokens, and "done" names both drafts and keeps one
        assertThat(last.params().get("settings")).contains("a draft without them");
        java.util.regex.Matcher draft = java.util.regex.Pattern.compile("event: ?draft\\n(?:\\w+:.*\\n)*data: ?\\{\"draft\":2\\}")
                .matcher(events);
        assertThat(draft.find()).as(events).isTrue();
        assertThat(draft.start()).isGreaterThan(token.start()).isLessThan(done.start());
        assertThat(events).contains("\"drafts\":[");

        given().contentType(ContentType.JSON).body(Map.of("prompt", "hi", "history", List.of(Map.of("role", "robot", "content", "x"))))
                .post("/models/" + jobId + "/generate").then().statusCode(400)
                .body(org.hamcrest.Matchers.containsString("history[0].role"));
    }

    @Test
    void aChatJobFailsWithTheFileAndTheFetchCommandWhenThePretrainedModelIsMissing() throws Exception {
        java.nio.file.Path empty = java.nio.file.Files.createTempDirectory("no-models");
        System.setProperty("thunderline.models.dir", empty.toString());
        try {
            String jobId = submit(ModelType.INSTRUCTION_FOLLOWING,
                    "instruction,input,output\r\nTranslate to French,Thank you,Merci\r\nTranslate to French,Good night,Bonne nuit\r\n", false);
            JobRow job = awaitTerminal(jobId, Duration.ofSeconds(120));
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).contains(empty.resolve("SmolLM2-135M-Instruct.Q4_1.gguf").toString(), "is missing",
                    "THUNDERLINE_MODELS_DIR=" + empty + " bin/fetch-models");
            given().get("/models/" + jobId + "/file").then().statusCode(404);
        } finally {
            System.clearProperty("thunderline.models.dir");
        }
    }

    @Test
    void aRunningSearchIsCancelledWithinOneBatch() {
        StringBuilder csv = new StringBuilder("text,label\r\n");
        Random random = new Random(7);
        for (int i = 0; i < 6000; i++) {
            String label = "c" + (i % 3);
            csv.append("word").append(random.nextInt(500)).append(' ').append(label).append("token ")
                    .append("filler").append(random.nextInt(2000)).append(',').append(label).append("\r\n");
        }
        String jobId = submit(ModelType.TEXT_CLASSIFICATION, csv.toString(), false);
        await().atMost(Duration.ofSeconds(120)).until(() -> jobs.find(pool, jobId).await().indefinitely()
                .map(j -> j.status() == JobStatus.RUNNING && j.phase() != null && j.phase() >= 2).orElse(false));

        given().header("Authorization", TestTokens.admin("carol", "trainer-service")).post("/jobs/" + jobId + "/cancel").then().statusCode(200)
                .body("outcome", equalTo("cancelling"));
        // the token is set before the answer: from here the search may finish at most the batch in flight
        Instant asked = Instant.now();
        JobRow job = awaitTerminal(jobId, Duration.ofSeconds(30));
        assertThat(job.status()).isEqualTo(JobStatus.CANCELLED);
        // the search stops between two batches: at most the epoch in flight reports after the request
        List<JobUpdate> updates = JobQueueIT.updatesOf(kafka, jobId, JobStatus.CANCELLED);
        assertThat(updates).filteredOn(u -> u.epoch() != null && u.at().isAfter(asked)).hasSizeLessThanOrEqualTo(1);
        assertThat(updates.get(updates.size() - 1).status()).isEqualTo(JobStatus.CANCELLED);
        // the cancelled job says who stopped it (the caller its token names)
        assertThat(updates.get(updates.size() - 1).message()).startsWith("Cancelled by carol during phase ");

        given().post("/jobs/" + jobId + "/cancel").then().statusCode(409);
        // a cancelled job's state is final: a retry is a new job like it, owned by the job's owner, not by who clicked
        String retryId = given().header("Authorization", TestTokens.admin("carol", "trainer-service")).post("/jobs/" + jobId + "/retry").then().statusCode(200)
                .body("outcome", equalTo("requested")).extract().path("jobId");
        assertThat(retryId).isNotEqualTo(jobId);
        JobUpdate queued = JobQueueIT.updatesUntil(kafka, retryId, value -> value.contains("\"queued\"")).stream()
                .filter(u -> u.status() == JobStatus.QUEUED).findFirst().orElseThrow();
        assertThat(queued.request()).isNotNull();
        assertThat(queued.request().createdBy()).isEqualTo("it-user");
        assertThat(queued.request().datasetId()).isEqualTo(job.datasetId());
        assertThat(queued.request().modelType()).isEqualTo(ModelType.TEXT_CLASSIFICATION);
        given().post("/jobs/" + retryId + "/cancel").then().statusCode(200);
        assertThat(jobs.find(pool, jobId).await().indefinitely().orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        given().post("/jobs/" + jobId + "/cancel").then().statusCode(409);
        assertThat(awaitTerminal(retryId, Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void restGivesListsStatsAndClearErrors() {
        given().get("/jobs?status=completed&limit=5").then().statusCode(200).body("total", notNullValue());
        given().get("/jobs?status=sleeping").then().statusCode(400);
        given().get("/jobs?from=yesterday").then().statusCode(400);
        given().get("/jobs/stats").then().statusCode(200).body("byStatus.queued", notNullValue());
        given().get("/workers").then().statusCode(200).body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
        given().contentType(ContentType.JSON).body(Map.of("text", "")).post("/models/nope/predict").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("text"))
                .body("detail", org.hamcrest.Matchers.containsString("'text' is empty"));
        given().contentType(ContentType.JSON).body(Map.of("text", "x")).post("/models/nope/predict").then().statusCode(404)
                .contentType("application/problem+json").body("detail", org.hamcrest.Matchers.containsString("no trained model"));
        given().get("/jobs/nope").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("no job nope"));
        given().get("/jobs?status=sleeping").then().statusCode(400).body("field", equalTo("status"));
        given().contentType(ContentType.JSON).body(Map.of("priority", "urgent")).post("/jobs/nope/clone").then()
                .statusCode(400).body("field", equalTo("priority"));
    }
}
