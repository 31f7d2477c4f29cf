package io.thunderline.trainer;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.thunderline.infra.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.ml.eval.OnlineAccuracy;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * A/B deployments of two real trained classifiers (issue 22 item 4): both jobs are requested on Kafka and trained by
 * this service's workers; deployments, the prediction log and feedback live in PostgreSQL. The split's observed share
 * is checked against the setting within a binomial tolerance, feedback is counted per model, promote switches the
 * model that answers.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(DatasetFixture.class)
class DeploymentIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("trainer-service");
    }

    static final String[] TEXTS = {"I love it, wonderful and great", "Terrible, broken and awful", "Really happy, superb",
            "Worst purchase, want a refund", "Fantastic quality", "It stopped working, useless"};
    static KafkaTestClient kafka;
    /** Job A and job B, trained once for every test of this class. */
    static String jobA;
    static String jobB;

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

    synchronized void trainBoth() {
        if (jobA != null) {
            return;
        }
        String a = submit(Prompts.sentimentCsv());
        // B learns from more lines: another model of the same task
        String b = submit(Prompts.sentimentCsv() + "\"Lovely, thank you so much\",positive\r\n"
                + "\"Cheap plastic, it cracked\",negative\r\n\"Delighted with the result\",positive\r\n"
                + "\"Never buying this again\",negative\r\n");
        for (String id : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(300)).until(() -> jobs.find(pool, id).await().indefinitely()
                    .map(JobRow::status).filter(JobStatus::terminal).isPresent());
            JobRow row = jobs.find(pool, id).await().indefinitely().orElseThrow();
            assertThat(row.status()).as(row.error()).isEqualTo(JobStatus.COMPLETED);
        }
        jobA = a;
        jobB = b;
    }

    String submit(String csv) {
        String datasetId = "ds-" + UUID.randomUUID();
        DatasetFixture.CSV.put(datasetId, csv);
        String jobId = "job-" + UUID.randomUUID();
        kafka.send(new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, datasetId, 1, ModelType.SENTIMENT_ANALYSIS,
                Priority.HIGH, false, false, "prompt", "ab-it", Instant.now()), jobId);
        return jobId;
    }

    static String create(String active, String candidate, double share) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "it", "activeJobId", active, "candidateShare", share));
        if (candidate != null) {
            body.put("candidateJobId", candidate);
        }
        return given().contentType(ContentType.JSON).header("Authorization", TestTokens.admin("ab-it", "trainer-service")).body(body).post("/deployments")
                .then().statusCode(201).body("createdBy", equalTo("ab-it")).extract().path("id");
    }

    static Response predict(String deployment, String text, String key) {
        Map<String, String> body = new HashMap<>(Map.of("text", text));
        if (key != null) {
            body.put("key", key);
        }
        return given().contentType(ContentType.JSON).header("Authorization", TestTokens.admin("ab-it", "trainer-service")).body(body)
                .post("/deployments/" + deployment + "/predict");
    }

    static Response feedback(String predictionId, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).header("Authorization", TestTokens.admin("judge", "trainer-service")).body(body)
                .post("/predictions/" + predictionId + "/feedback");
    }

    @Test
    void theObservedShareOfBMatchesTheSettingAndEachAnswerNamesItsModel() {
        trainBoth();
        String d = create(jobA, jobB, 0.3);
        int n = 400;
        int b = 0;
        for (int i = 0; i < n; i++) {
            Response r = predict(d, TEXTS[i % TEXTS.length], null);
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            String version = r.jsonPath().getString("version");
            assertThat(r.jsonPath().getString("jobId")).isEqualTo(version.equals("B") ? jobB : jobA);
            assertThat(r.jsonPath().getString("label")).isIn("positive", "negative");
            assertThat(r.jsonPath().getString("predictionId")).isNotBlank();
            if (version.equals("B")) {
                b++;
            }
        }
        // binomial(400, 0.3): mean 120, sd 9.2; 4 sd either side fails a correct split about once in 16,000 runs
        double sd = Math.sqrt(n * 0.3 * 0.7);
        assertThat((double) b).as("calls B answered of %d at share 0.3", n).isBetween(n * 0.3 - 4 * sd, n * 0.3 + 4 * sd);

        Response view = given().get("/deployments/" + d).then().statusCode(200).extract().response();
        assertThat(view.jsonPath().getLong("active.calls")).isEqualTo(n - b);
        assertThat(view.jsonPath().getLong("candidate.calls")).isEqualTo(b);
        assertThat(view.jsonPath().getString("candidate.version")).isEqualTo("B");
        assertThat(view.jsonPath().getDouble("candidateShare")).isCloseTo(0.3, within(1e-6));
        // the log in PostgreSQL holds every call with its side
        long logged = pool.preparedQuery("SELECT count(*) FROM predictions WHERE deployment_id = $1 AND arm = 'B' AND job_id = $2")
                .execute(Tuple.of(d, jobB)).await().indefinitely().iterator().next().getLong(0);
        assertThat(logged).isEqualTo(b);

        // with a key every call lands on one side
        String side = predict(d, TEXTS[0], "user-42").jsonPath().getString("version");
        for (int i = 0; i < 20; i++) {
            assertThat(predict(d, TEXTS[i % TEXTS.length], "user-42").jsonPath().getString("version")).isEqualTo(side);
        }

        // share 0: only A answers; share 1: only B
        given().contentType(ContentType.JSON).body(Map.of("candidateShare", 0.0)).post("/deployments/" + d + "/split")
                .then().statusCode(200).body("candidateShare", equalTo(0.0f));
        for (int i = 0; i < 30; i++) {
            assertThat(predict(d, TEXTS[i % TEXTS.length], null).jsonPath().getString("version")).isEqualTo("A");
        }
        given().contentType(ContentType.JSON).body(Map.of("candidateShare", 1.0)).post("/deployments/" + d + "/split")
                .then().statusCode(200);
        for (int i = 0; i < 30; i++) {
            assertThat(predict(d, TEXTS[i % TEXTS.length], null).jsonPath().getString("version")).isEqualTo("B");
        }
    }

    @Test
    void feedbackIsCountedPerModelOnceWithAWilsonInterval() {
        trainBoth();
        String d = create(jobA, jobB, 0.5);
        Map<String, List<Response>> bySide = new HashMap<>();
        bySide.put("A", new ArrayList<>());
        bySide.put("B", new ArrayList<>());
        for (int i = 0; bySide.get("A").size() < 6 || bySide.get("B").size() < 5; i++) {
            assertThat(i).as("50/50 split still missing a side after 200 calls").isLessThan(200);
            Response r = predict(d, TEXTS[i % TEXTS.length], null);
            bySide.get(r.jsonPath().getString("version")).add(r);
        }
        // A: 4 right of 6 (one of them by naming the predicted label, one wrong by naming another label); B: 5 of 5
        List<Response> a = bySide.get("A");
        for (int i = 0; i < 6; i++) {
            String id = a.get(i).jsonPath().getString("predictionId");
            String predicted = a.get(i).jsonPath().getString("label");
            String other = predicted.equals("positive") ? "negative" : "positive";
            Map<String, Object> body = switch (i) {
                case 0 -> Map.of("label", predicted);
                case 1 -> Map.of("label", other);
                case 2 -> Map.of("correct", false);
                default -> Map.of("correct", true);
            };
            feedback(id, body).then().statusCode(200).body("recorded", equalTo(true)).body("jobId", equalTo(jobA))
                    .body("version", equalTo("A")).body("givenBy", equalTo("judge"));
        }
        for (int i = 0; i < 5; i++) {
            feedback(bySide.get("B").get(i).jsonPath().getString("predictionId"), Map.of("correct", true))
                    .then().statusCode(200).body("version", equalTo("B"));
        }

        // the same feedback again changes nothing; different feedback is refused, naming what is stored
        String first = a.get(3).jsonPath().getString("predictionId");
        feedback(first, Map.of("correct", true)).then().statusCode(200).body("recorded", equalTo(false));
        feedback(first, Map.of("correct", false)).then().statusCode(409).contentType("application/problem+json")
                .body("field", equalTo("correct")).body("detail", org.hamcrest.Matchers.containsString("already judged correct"));
        String wrongOne = a.get(1).jsonPath().getString("predictionId");
        given().get("/predictions/" + wrongOne).then().statusCode(200).body("feedback.correct", equalTo(false))
                .body("version", equalTo("A"));

        Response view = given().get("/deployments/" + d).then().statusCode(200).extract().response();
        OnlineAccuracy expectedA = OnlineAccuracy.of(4, 6);
        assertThat(view.jsonPath().getLong("active.judged")).isEqualTo(6);
        assertThat(view.jsonPath().getLong("active.correct")).isEqualTo(4);
        assertThat(view.jsonPath().getDouble("active.accuracy")).isCloseTo(4 / 6.0, within(1e-6));
        assertThat(view.jsonPath().getDouble("active.low")).isCloseTo(expectedA.low(), within(1e-6));
        assertThat(view.jsonPath().getDouble("active.high")).isCloseTo(expectedA.high(), within(1e-6));
        assertThat(view.jsonPath().getLong("candidate.judged")).isEqualTo(5);
        assertThat(view.jsonPath().getDouble("candidate.accuracy")).isEqualTo(1.0);
        assertThat(view.jsonPath().getDouble("candidate.low")).isCloseTo(OnlineAccuracy.of(5, 5).low(), within(1e-6));
        assertThat(view.jsonPath().getLong("candidate.calls")).isEqualTo(bySide.get("B").size());

        // contradicting or empty feedback, an unknown prediction: problems naming the field
        String unjudged = predict(d, TEXTS[0], null).jsonPath().getString("predictionId");
        String predicted = given().get("/predictions/" + unjudged).jsonPath().getString("label");
        feedback(unjudged, Map.of("correct", false, "label", predicted)).then().statusCode(400).body("field", equalTo("label"));
        feedback(unjudged, Map.of()).then().statusCode(400).body("field", equalTo("correct"));
        feedback("no-such-prediction", Map.of("correct", true)).then().statusCode(404);

        // a job asked directly ("Try it") logs its prediction too; its feedback is not counted by the deployment
        Response direct = given().contentType(ContentType.JSON).header("Authorization", TestTokens.admin("ab-it", "trainer-service")).body(Map.of("text", TEXTS[1]))
                .post("/models/" + jobA + "/predict").then().statusCode(200).extract().response();
        String directId = direct.jsonPath().getString("predictionId");
        assertThat(directId).isNotBlank();
        feedback(directId, Map.of("correct", true)).then().statusCode(200).body("deploymentId", nullValue())
                .body("jobId", equalTo(jobA)).body("version", nullValue());
        given().get("/deployments/" + d).then().statusCode(200).body("active.judged", equalTo(6));
    }

    @Test
    void promoteMakesBTheModelThatAnswers() {
        trainBoth();
        String d = create(jobA, jobB, 0.0);
        for (int i = 0; i < 10; i++) {
            assertThat(predict(d, TEXTS[i % TEXTS.length], null).jsonPath().getString("jobId")).isEqualTo(jobA);
        }
        given().header("Authorization", TestTokens.admin("ab-it", "trainer-service")).post("/deployments/" + d + "/promote").then().statusCode(200)
                .body("active.jobId", equalTo(jobB)).body("active.version", equalTo("A"))
                .body("candidate.jobId", equalTo(jobA)).body("candidateShare", equalTo(0.0f))
                .body("promotions", equalTo(1)).body("promotedBy", equalTo("ab-it"))
                // the former A keeps its numbers: the 10 calls it answered
                .body("candidate.calls", equalTo(10)).body("active.calls", equalTo(0));
        for (int i = 0; i < 10; i++) {
            Response r = predict(d, TEXTS[i % TEXTS.length], null);
            assertThat(r.jsonPath().getString("jobId")).isEqualTo(jobB);
            assertThat(r.jsonPath().getString("version")).isEqualTo("A");
        }
        // promoting again undoes it
        given().post("/deployments/" + d + "/promote").then().statusCode(200).body("active.jobId", equalTo(jobA));
        assertThat(predict(d, TEXTS[0], null).jsonPath().getString("jobId")).isEqualTo(jobA);

        // nothing to promote: 409 naming the field
        String alone = create(jobA, null, 0.0);
        given().post("/deployments/" + alone + "/promote").then().statusCode(409).contentType("application/problem+json")
                .body("field", equalTo("candidateJobId"));
        given().post("/deployments/no-such-deployment/promote").then().statusCode(404);
    }

    @Test
    void badDeploymentsAreProblemsNamingTheField() {
        trainBoth();
        String failed = "job-" + UUID.randomUUID();
        pool.preparedQuery("INSERT INTO jobs (id, dataset_id, dataset_version, model_type, priority, status, use_upm, "
                        + "track_mlflow, created_by) VALUES ($1, 'ds', 1, 'sentiment_analysis', 1, 'failed', false, false, 'ab-it')")
                .execute(Tuple.of(failed)).await().indefinitely();
        record Case(Map<String, Object> body, int status, String field) {
        }
        List<Case> cases = List.of(
                new Case(Map.of("candidateJobId", jobB), 400, "activeJobId"),
                new Case(Map.of("activeJobId", "job-nope"), 404, "activeJobId"),
                new Case(Map.of("activeJobId", jobA, "candidateJobId", jobA), 400, "candidateJobId"),
                new Case(Map.of("activeJobId", jobA, "candidateJobId", jobB, "candidateShare", 1.5), 400, "candidateShare"),
                new Case(Map.of("activeJobId", jobA, "candidateShare", 0.2), 400, "candidateShare"),
                new Case(Map.of("activeJobId", jobA, "candidateJobId", failed), 409, "candidateJobId"),
                new Case(Map.of("activeJobId", jobA, "candidateJobId", jobB, "candidateShare", "half"), 400, "candidateShare"));
        for (Case c : cases) {
            given().contentType(ContentType.JSON).body(c.body()).post("/deployments").then().statusCode(c.status())
                    .contentType("application/problem+json").body("field", equalTo(c.field()));
        }
        String d = create(jobA, jobB, 0.1);
        predict(d, " ", null).then().statusCode(400).body("field", equalTo("text"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/deployments/" + d + "/split").then().statusCode(400)
                .body("field", equalTo("candidateShare"));
        given().contentType(ContentType.JSON).body(Map.of("candidateShare", 0.5, "candidateJobId", jobA))
                .post("/deployments/" + d + "/split").then().statusCode(400).body("field", equalTo("candidateJobId"));
        given().get("/deployments/no-such-deployment").then().statusCode(404).contentType("application/problem+json");
    }
}
