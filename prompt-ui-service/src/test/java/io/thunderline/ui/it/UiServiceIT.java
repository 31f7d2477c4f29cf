package io.thunderline.ui.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.DriftReport;
import io.thunderline.contracts.DriftVerdict;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobLog;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Topics;
import io.thunderline.contracts.TrackingRun;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.SseReader;
import io.thunderline.infra.ThunderlineInfraResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The page service against real Kafka and PostgreSQL; the other services are HTTP stand-ins. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(FakeServicesResource.class)
class UiServiceIT {
    static final String CLASSIFICATION = """
            "I love this product!" -> positive
            "Not what I expected" -> negative
            "Works great" -> positive
            """;

    /** Every error of the page's API answers with this body (RFC 9457). */
    static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URL root;

    static KafkaTestClient kafka;
    static InfraEndpoints endpoints;

    @BeforeAll
    static void fakes() {
        endpoints = Infra.shared().endpoints();
        kafka = new KafkaTestClient(endpoints.kafkaBootstrap());
        FakeServicesResource.DATASET
                .on("POST /datasets/preview", 200, """
                        {"modelType":"sentiment_analysis","task":"classify","examples":3,"labels":{"positive":2,"negative":1},
                         "warnings":[],"errors":[],"ok":true}""")
                .on("POST /datasets", call -> call.body().contains("REFUSE")
                        ? FakeService.Reply.json(400, """
                        {"type":"about:blank","title":"Bad Request","status":400,"detail":"Training text needs at least 2 examples","field":"text","errors":[{"line":1,"column":1,"message":"only one example","hint":"add another line"}]}""")
                        : FakeService.Reply.json(201, """
                        {"datasetId":"%s","name":"prompt_ds_sentiment_analysis","modelType":"sentiment_analysis","version":1,
                         "rowCount":3,"labels":{"positive":2,"negative":1},"checksum":"abc","changeSummary":"new","warnings":[]}"""
                        .formatted("ds-" + UUID.randomUUID())))
                .on("GET /templates", 200, """
                        [{"id":"t1","name":"Customer sentiment","modelType":"sentiment_analysis","description":"d","text":"a -> b"}]""");
        FakeServicesResource.TRAINER
                .on("GET /q/health", 200, "{\"status\":\"UP\",\"checks\":[]}")
                .on("GET /workers", 200, "[{\"workerId\":\"w1\",\"instance\":\"t\",\"lastHeartbeat\":\"" + Instant.now().plusSeconds(3600) + "\"}]")
                .on("GET /jobs/stats", 200, """
                        {"byStatus":{"queued":4,"running":1,"completed":7},"queuedByPriority":{"high":1,"normal":3},
                         "running":[{"jobId":"0123456789abcdef","workerId":"worker-7","heartbeatAgeSeconds":2}]}""")
                .on("GET /jobs", 200, """
                        {"items":[{"id":"0123456789abcdef","status":"running","modelType":"text_classification","priority":"high",
                         "createdBy":"<b>mallory</b>","createdAt":"2026-11-25T10:00:00Z","phase":2,"attempts":1,"workerId":"worker-7"}],"total":1}""")
                .on("POST /jobs/", 200, "{}");
        FakeServicesResource.UPM.on("GET /upm/status", 200, EventCodec.toJson(
                new UpmStatus(Contracts.SCHEMA_VERSION, 2, 5, 0.04, 3, 4, true, Instant.now())));
        FakeServicesResource.TRACKING.on("GET /q/health", 200,
                "{\"status\":\"UP\",\"checks\":[{\"name\":\"mlflow\",\"status\":\"UP\"}]}");
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    static io.restassured.specification.RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).redirects().follow(false);
    }

    /** Signs in through the form like a browser; answers the session cookie and the page's CSRF token. */
    Map<String, String> signIn(String user) {
        Response login = given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("j_username", user).formParam("j_password", user).post(url("/j_security_check"));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.header("Location")).endsWith("/training/prompt");
        String session = login.cookie("thunderline-session");
        Response page = given().cookie("thunderline-session", session).get(url("/training/prompt"));
        assertThat(page.statusCode()).isEqualTo(200);
        String token = page.htmlPath().getString("html.head.meta.find { it.@name == 'csrf-token' }.@content");
        return Map.of("session", session, "csrfCookie", page.cookie("csrf-token"), "token", token);
    }

    @Test
    void anonymousVisitorsAreSentToSignInAndTheApiAsksForCredentials() {
        Response page = given().redirects().follow(false).get(url("/training/prompt"));
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.header("Location")).endsWith("/login");
        given().get(url("/api/jobs")).then().statusCode(401).header("WWW-Authenticate", containsString("Basic"))
                .contentType(PROBLEM).body("status", equalTo(401)).body("detail", containsString("Sign in"));
        given().header("X-Requested-With", "fetch").get(url("/api/jobs")).then().statusCode(401);
        given().get(url("/login")).then().statusCode(200).body(containsString("j_security_check"));
        given().auth().preemptive().basic("demo", "wrong").get(url("/api/jobs")).then().statusCode(401);
    }

    @Test
    void onlyAdminsGetTheAdminDashboard() {
        as("demo").get(url("/admin/jobs")).then().statusCode(403);
        as("demo").get(url("/api/admin/stats")).then().statusCode(403);
        String html = as("admin").get(url("/admin/jobs?status=running")).then().statusCode(200).extract().asString();
        assertThat(html).contains("worker-7").contains("data-status=\"queued\">4<").contains("data-priority=\"normal\">3<")
                .contains("&lt;b&gt;mallory&lt;/b&gt;").doesNotContain("<b>mallory</b>");
        assertThat(FakeServicesResource.TRAINER.calls()).anyMatch(c -> c.path().equals("/jobs/stats"));
    }

    @Test
    void pageCallsOnTheSessionCookieNeedTheCsrfToken() {
        Map<String, String> s = signIn("demo");
        String empty = "{\"promptText\":\"\",\"modelType\":\"sentiment_analysis\"}";
        given().cookie("thunderline-session", s.get("session")).cookie("csrf-token", s.get("csrfCookie"))
                .contentType("application/json").body(empty).post(url("/api/submissions"))
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("CSRF"));
        given().cookie("thunderline-session", s.get("session")).cookie("csrf-token", s.get("csrfCookie"))
                .header("X-CSRF-TOKEN", "AAAAAAAAAAAAAAAAAAAAAA")
                .contentType("application/json").body(empty).post(url("/api/submissions")).then().statusCode(400)
                .contentType(PROBLEM).body("field", equalTo("X-CSRF-TOKEN")).body("detail", containsString("CSRF"));
        given().cookie("thunderline-session", s.get("session")).cookie("csrf-token", s.get("csrfCookie"))
                .header("X-CSRF-TOKEN", s.get("token"))
                .contentType("application/json").body(empty).post(url("/api/submissions"))
                .then().statusCode(400).body("field", equalTo("promptText")).body("detail", containsString("empty"));
        // the bulk form of the admin page carries the token as a hidden field
        assertThat(s.get("token")).isNotBlank();
    }

    @Test
    void aSubmissionStoresTheDatasetRequestsTrainingAndListsTheJobForItsOwnerOnly() {
        String jobId = as("demo").contentType("application/json")
                .body(Map.of("promptText", CLASSIFICATION, "modelType", "sentiment_analysis", "priority", "high",
                        "useUpm", true, "trackMlflow", false))
                .post(url("/api/submissions")).then().statusCode(202).extract().path("jobId");
        List<ConsumerRecord<String, String>> requests = kafka.read(Topics.TRAINING_REQUESTS, Duration.ofSeconds(30),
                seen -> seen.stream().anyMatch(r -> jobId.equals(r.key())));
        TrainingRequested request = requests.stream().filter(r -> jobId.equals(r.key()))
                .map(r -> EventCodec.fromJson(r.value(), TrainingRequested.class)).findFirst().orElseThrow();
        assertThat(request.createdBy()).isEqualTo("demo");
        assertThat(request.modelType()).isEqualTo(ModelType.SENTIMENT_ANALYSIS);
        assertThat(request.priority().wireName()).isEqualTo("high");
        assertThat(request.useUpm()).isTrue();
        assertThat(request.trackMlflow()).isFalse();
        assertThat(FakeServicesResource.DATASET.calls()).anyMatch(c -> c.path().equals("/datasets")
                && c.body().contains("\"createdBy\":\"demo\""));

        // text holding auto-labelled lines the user accepted is stored as a version with source "auto-label"
        as("demo").contentType("application/json")
                .body(Map.of("promptText", CLASSIFICATION + "\nA lovely afternoon -> positive", "modelType", "sentiment_analysis",
                        "source", "auto-label"))
                .post(url("/api/submissions")).then().statusCode(202);
        assertThat(FakeServicesResource.DATASET.calls()).anyMatch(c -> c.path().equals("/datasets")
                && c.body().contains("A lovely afternoon") && c.body().contains("\"source\":\"auto-label\""));

        assertThat(as("demo").get(url("/api/jobs")).then().statusCode(200).extract().<List<String>>path("items.jobId"))
                .contains(jobId);
        assertThat(as("admin").get(url("/api/jobs?limit=200")).then().extract().<List<String>>path("items.jobId")).contains(jobId);
        insertJob("alice-" + UUID.randomUUID(), "alice", "x");
        assertThat(as("demo").get(url("/api/jobs?limit=200")).then().extract().<List<String>>path("items.createdBy"))
                .containsOnly("demo");
    }

    @Inject
    io.thunderline.support.OutboxRelay relay;

    @Inject
    io.vertx.mutiny.core.Vertx vertx;

    @Test
    void aSubmissionWhileNothingCanBePublishedIsListedAndRequestedOnceTheRelayRunsAgain() {
        // the request goes through the outbox in the job's own transaction: with the relay stopped (as with the broker
        // down) the submission still answers at once and the job is listed, and nothing is lost
        relay.stop();
        String jobId;
        try {
            jobId = as("demo").contentType("application/json")
                    .body(Map.of("promptText", CLASSIFICATION, "modelType", "sentiment_analysis"))
                    .post(url("/api/submissions")).then().statusCode(202).extract().path("jobId");
            assertThat(as("demo").get(url("/api/jobs?limit=200")).then().statusCode(200).extract()
                    .<List<String>>path("items.jobId")).contains(jobId);
            assertThat(kafka.read(Topics.TRAINING_REQUESTS, Duration.ofSeconds(3), seen -> false))
                    .noneMatch(r -> jobId.equals(r.key()));
        } finally {
            relay.start(vertx);
        }
        List<ConsumerRecord<String, String>> requests = kafka.read(Topics.TRAINING_REQUESTS, Duration.ofSeconds(30),
                seen -> seen.stream().anyMatch(r -> jobId.equals(r.key())));
        assertThat(requests).filteredOn(r -> jobId.equals(r.key())).singleElement()
                .satisfies(r -> assertThat(EventCodec.fromJson(r.value(), TrainingRequested.class).createdBy()).isEqualTo("demo"));
    }

    @Test
    void badInputIsRefusedNextToItsFieldAndNothingIsRequested() {
        as("demo").contentType("application/json")
                .body(Map.of("promptText", "REFUSE -> me", "modelType", "text_classification"))
                .post(url("/api/submissions")).then().statusCode(400)
                .body("field", equalTo("promptText")).body("detail", containsString("at least 2"))
                .body("errors[0].line", equalTo(1));
        as("demo").contentType("application/json").body(Map.of("promptText", "  ", "modelType", "text_classification"))
                .post(url("/api/submissions")).then().statusCode(400).body("field", equalTo("promptText"))
                .body("errors", equalTo(List.of()));
        as("demo").contentType("application/json").body(Map.of("promptText", "a -> b", "modelType", "poetry"))
                .post(url("/api/submissions")).then().statusCode(400).body("field", equalTo("modelType"))
                .body("detail", containsString("text_classification"));
        as("demo").contentType("application/json")
                .body(Map.of("promptText", "x".repeat(200_001), "modelType", "text_classification"))
                .post(url("/api/submissions")).then().statusCode(400).body("detail", containsString("200000"));
        List<ConsumerRecord<String, String>> requests = kafka.read(Topics.TRAINING_REQUESTS, Duration.ofSeconds(5), s -> false);
        assertThat(requests).noneMatch(r -> r.value().contains("REFUSE"));
    }

    @Test
    void previewAndTemplatesComeFromTheDatasetService() {
        as("demo").contentType("application/json").body(Map.of("text", CLASSIFICATION, "modelType", "sentiment_analysis"))
                .post(url("/api/preview")).then().statusCode(200).body("examples", equalTo(3)).body("labels.positive", equalTo(2));
        as("demo").get(url("/api/templates?modelType=sentiment_analysis")).then().statusCode(200)
                .body("[0].name", equalTo("Customer sentiment"));
    }

    @Test
    void theLiveStreamResumesWithLastEventIdAndMissesNothing() throws Exception {
        String job = "job-" + UUID.randomUUID();
        insertJob(job, "demo", "resume test");
        String stream = url("/api/jobs/stream");
        String lastSeen;
        try (SseReader first = new SseReader(stream, "demo", "demo", null);
             SseReader admin = new SseReader(stream, "admin", "admin", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !first.named("system-status").isEmpty());
            for (int seq = 0; seq < 5; seq++) {
                sendUpdate(job, seq, seq < 4 ? JobStatus.RUNNING : JobStatus.RUNNING);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(first, job).size() == 5);
            assertThat(ids(first, job)).containsExactly(job + ":0", job + ":1", job + ":2", job + ":3", job + ":4");
            lastSeen = ids(first, job).get(4);
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(admin, job).size() == 5);
        }
        // disconnected: these happen while nobody of demo's is listening
        for (int seq = 5; seq < 10; seq++) {
            sendUpdate(job, seq, seq == 9 ? JobStatus.COMPLETED : JobStatus.RUNNING);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(
                as("demo").get(url("/api/jobs/" + job)).then().extract().path("job.status")));
        try (SseReader resumed = new SseReader(stream, "demo", "demo", lastSeen)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(resumed, job).size() >= 5);
            Thread.sleep(500);
            assertThat(ids(resumed, job)).containsExactly(job + ":5", job + ":6", job + ":7", job + ":8", job + ":9");
            assertThat(resumed.named("resync")).isEmpty();
            JobUpdate last = EventCodec.fromJson(resumed.named("job-update").stream()
                    .filter(e -> e.id().equals(job + ":9")).findFirst().orElseThrow().data(), JobUpdate.class);
            assertThat(last.status()).isEqualTo(JobStatus.COMPLETED);
        }
        // an id this instance never sent: the page is told to reload its state
        try (SseReader unknown = new SseReader(stream, "demo", "demo", "somewhere-else:42")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !unknown.named("resync").isEmpty());
        }
    }

    @Test
    void aUserNeverReceivesAnotherUsersUpdates() throws Exception {
        String alices = "alice-" + UUID.randomUUID();
        String demos = "demo-" + UUID.randomUUID();
        insertJob(alices, "alice", "secret");
        insertJob(demos, "demo", "mine");
        try (SseReader demo = new SseReader(url("/api/jobs/stream"), "demo", "demo", null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !demo.named("system-status").isEmpty());
            sendUpdate(alices, 0, JobStatus.RUNNING);
            sendUpdate(demos, 0, JobStatus.RUNNING);
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(demo, demos).size() == 1);
            Thread.sleep(500);
            assertThat(ids(demo, alices)).isEmpty();
        }
        as("demo").get(url("/api/jobs/" + alices)).then().statusCode(404);
        as("demo").get(url("/training/jobs/" + alices)).then().statusCode(404);
        as("demo").contentType("application/json").post(url("/api/jobs/" + alices + "/cancel")).then().statusCode(404);
        as("admin").get(url("/api/jobs/" + alices)).then().statusCode(200);
    }

    @Test
    void theJobPageShowsChartPointsLogLinesAndTheMlflowLinkAndEscapesUserText() {
        String job = "job-" + UUID.randomUUID();
        insertJob(job, "demo", "<script>alert('x')</script> -> evil");
        sendUpdate(job, 0, JobStatus.RUNNING);
        kafka.send(new JobLog(Contracts.SCHEMA_VERSION, job, 0, "INFO", "epoch 1 <b>done</b>", Instant.now()), job);
        kafka.send(new TrackingRun(Contracts.SCHEMA_VERSION, job, "7", "run-1", "http://mlflow:5000/#/experiments/7/runs/run-1",
                "RUNNING", Instant.now()), job);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Response detail = as("demo").get(url("/api/jobs/" + job));
            assertThat(detail.<List<Object>>path("updates")).hasSize(1);
            assertThat(detail.<Float>path("updates[0].metrics.loss")).isNotNull();
            assertThat(detail.<String>path("logs[0].line")).isEqualTo("epoch 1 <b>done</b>");
            assertThat(detail.<String>path("job.mlflowUrl")).contains("runs/run-1");
        });
        String html = as("demo").get(url("/training/jobs/" + job)).then().statusCode(200).extract().asString();
        assertThat(html).contains("&lt;script&gt;alert(").doesNotContain("<script>alert(");
    }

    @Test
    void cancelAndRetryGoToTheTrainerNamingTheSignedInUser() {
        String job = "job-" + UUID.randomUUID();
        insertJob(job, "demo", "x");
        as("demo").contentType("application/json").post(url("/api/jobs/" + job + "/cancel")).then().statusCode(200).body("action", equalTo("cancel"));
        as("demo").contentType("application/json").post(url("/api/jobs/" + job + "/retry")).then().statusCode(200).body("jobId", equalTo(job));
        // a job of this page's view may still be on its way to the trainer: the page says so, the trainer cancels on arrival
        assertThat(FakeServicesResource.TRAINER.calls()).anyMatch(c -> c.path().equals("/jobs/" + job + "/cancel") && "demo".equals(c.user())
                        && "beforeArrival=true".equals(c.query()))
                .anyMatch(c -> c.path().equals("/jobs/" + job + "/retry") && "demo".equals(c.user()));
        String onItsWay = "job-" + UUID.randomUUID();
        insertJob(onItsWay, "demo", "x");
        FakeServicesResource.TRAINER.on("POST /jobs/" + onItsWay + "/cancel", 200,
                "{\"jobId\":\"" + onItsWay + "\",\"outcome\":\"cancel-on-arrival\"}");
        as("demo").contentType("application/json").post(url("/api/jobs/" + onItsWay + "/cancel")).then().statusCode(200)
                .body("message", equalTo("Cancel requested: the trainer has not received this job yet and cancels it when it does"));
        // the admin's bulk cancel (a form post) names the admin
        String other = "job-" + UUID.randomUUID();
        insertJob(other, "demo", "y");
        Map<String, String> s = signIn("admin");
        Response bulk = given().redirects().follow(false).cookie("thunderline-session", s.get("session"))
                .cookie("csrf-token", s.get("csrfCookie")).contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", s.get("token")).formParam("action", "cancel").formParam("jobId", other)
                .formParam("back", "/admin/jobs?status=running&page=1").post(url("/admin/jobs/bulk"));
        assertThat(bulk.statusCode()).isEqualTo(303);
        assertThat(bulk.header("Location")).contains("/admin/jobs?status=running&page=1&done=").doesNotContain("&&");
        assertThat(FakeServicesResource.TRAINER.calls()).anyMatch(c -> c.path().equals("/jobs/" + other + "/cancel")
                && "admin".equals(c.user()));
    }

    @Test
    void aServiceThatCannotAnswerIsA503ProblemAndOnlyReadsAreRetried() {
        String job = "job-" + UUID.randomUUID();
        insertJob(job, "demo", "x");
        FakeServicesResource.TRAINER.on("GET /jobs/" + job + "/trials", 500, "{}");
        FakeServicesResource.TRAINER.on("POST /jobs/" + job + "/cancel", 500, "{}");
        as("demo").get(url("/api/jobs/" + job + "/trials")).then().statusCode(503).contentType(PROBLEM)
                .body("title", equalTo("Service Unavailable")).body("detail", equalTo("Trainer unavailable"));
        as("demo").contentType("application/json").post(url("/api/jobs/" + job + "/cancel")).then().statusCode(503)
                .contentType(PROBLEM).body("detail", equalTo("Trainer unavailable"));
        List<FakeService.Call> calls = FakeServicesResource.TRAINER.calls();
        // a read: the first attempt and two retries; a cancel: once (the trainer may have acted before it failed)
        assertThat(calls).filteredOn(c -> c.path().equals("/jobs/" + job + "/trials")).hasSize(3);
        assertThat(calls).filteredOn(c -> c.path().equals("/jobs/" + job + "/cancel")).hasSize(1);
        // a refusal (4xx) is the request's fault: passed on as a problem with the trainer's detail, never retried
        FakeServicesResource.TRAINER.on("POST /jobs/" + job + "/retry", 409, """
                {"type":"about:blank","title":"Conflict","status":409,"detail":"job is queued: nothing to retry","field":null,"errors":[]}""");
        as("demo").contentType("application/json").post(url("/api/jobs/" + job + "/retry")).then().statusCode(409)
                .contentType(PROBLEM).body("detail", equalTo("job is queued: nothing to retry"));
        assertThat(FakeServicesResource.TRAINER.calls()).filteredOn(c -> c.path().equals("/jobs/" + job + "/retry")).hasSize(1);
    }

    @Test
    void retryOfACompletedJobRunsItAgainAsANewJobOfTheSameOwner() {
        String job = "job-" + UUID.randomUUID();
        String again = "job-" + UUID.randomUUID();
        insertJob(job, "demo", "x");
        sql("UPDATE ui.job_view SET status = 'completed' WHERE job_id = ? AND ? = ?", job, "a", "a");
        FakeServicesResource.TRAINER.on("POST /jobs/" + job + "/clone", 200, "{\"jobId\":\"" + again + "\",\"outcome\":\"requested\"}");
        as("demo").contentType("application/json").post(url("/api/jobs/" + job + "/retry")).then().statusCode(200)
                .body("jobId", equalTo(again)).body("action", equalTo("run-again"));
        assertThat(FakeServicesResource.TRAINER.calls()).anyMatch(c -> c.path().equals("/jobs/" + job + "/clone")
                && "demo".equals(c.user())).noneMatch(c -> c.path().equals("/jobs/" + job + "/retry"));
        as("demo").get(url("/api/jobs/" + again)).then().statusCode(200).body("job.createdBy", equalTo("demo"));
    }

    @Test
    void theAdminApiAnswersAdminsAndRefusesOthersWithJson() {
        as("admin").get(url("/api/admin/stats")).then().statusCode(200).body("byStatus.completed", equalTo(7));
        as("admin").get(url("/api/admin/stream")).then().statusCode(200).body("connections", org.hamcrest.Matchers.notNullValue());
        as("demo").get(url("/api/admin/stats")).then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403))
                .body("detail", containsString("admin"));
    }

    @Test
    void pagesThatCannotBeShownAreErrorPagesInTheLayoutWithAWayBack() {
        String html = as("demo").accept("text/html").get(url("/admin/jobs")).then().statusCode(403)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(html).contains("id=\"error-page\"").contains("Administrators only").contains("href=\"/training/prompt\"")
                .contains("id=\"signed-in-as\">demo<");
        String alices = "alice-" + UUID.randomUUID();
        insertJob(alices, "alice", "secret");
        html = as("demo").accept("text/html").get(url("/training/jobs/" + alices)).then().statusCode(404)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(html).contains("id=\"error-page\"").contains("Job not found").contains("href=\"/training/prompt\"")
                .doesNotContain("secret").doesNotContain("\"detail\"");
        // the JSON API keeps answering JSON
        as("demo").get(url("/api/jobs/" + alices)).then().statusCode(404).contentType(PROBLEM)
                .body("title", equalTo("Not Found")).body("detail", containsString("of yours"));
        // a page that does not exist is a page too; a call that does not exist is a problem
        html = as("demo").accept("text/html").get(url("/training/nowhere")).then().statusCode(404)
                .contentType(containsString("text/html")).extract().asString();
        assertThat(html).contains("id=\"error-page\"").contains("href=\"/training/prompt\"");
        as("demo").get(url("/api/nowhere")).then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
    }

    @Test
    void recentJobsPageAndSearchByDatasetStatusAndModelType() {
        String tag = "srch" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 23; i++) {
            String id = tag + "-" + i;
            insertJob(id, "pager", "p" + i);
            sql("UPDATE ui.job_view SET dataset_name = ?, submitted_at = now() - make_interval(secs => ?::int), status = ?,"
                    + " model_type = ? WHERE job_id = ?", "prompt_" + tag + (i % 2 == 0 ? "_even" : "_odd"), String.valueOf(100 - i),
                    i % 3 == 0 ? "completed" : "failed", i % 5 == 0 ? "general_chat" : "text_classification", id);
        }
        io.restassured.path.json.JsonPath first = as("admin").get(url("/api/jobs?q=" + tag + "&limit=20")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(first.getLong("total")).isEqualTo(23);
        assertThat(first.getList("items")).hasSize(20);
        assertThat(first.getString("items[0].jobId")).isEqualTo(tag + "-22"); // newest first
        assertThat(as("admin").get(url("/api/jobs?q=" + tag + "&limit=20&offset=20")).then().extract().<List<String>>path("items.jobId"))
                .containsExactly(tag + "-2", tag + "-1", tag + "-0");
        assertThat(as("admin").get(url("/api/jobs?q=" + tag + "_even&limit=50")).then().extract().<List<String>>path("items.datasetName"))
                .hasSize(12).allMatch(n -> n.endsWith("_even"));
        assertThat(as("admin").get(url("/api/jobs?q=" + tag + "&status=completed&limit=50")).then().extract().<List<String>>path("items.status"))
                .hasSize(8).containsOnly("completed");
        assertThat(as("admin").get(url("/api/jobs?q=" + tag + "&modelType=general_chat&limit=50")).then().extract().<Integer>path("total"))
                .isEqualTo(5);
        assertThat(as("demo").get(url("/api/jobs?q=" + tag)).then().extract().<Integer>path("total")).isZero();
    }

    @Test
    void oneErrorShapeForRefusalsAndBinaryDataIsCalledBinary() {
        as("demo").contentType("application/json").body(Map.of("promptText", "good -> positive\nbad -> negative",
                        "modelType", "general_chat", "useUpm", true))
                .post(url("/api/submissions")).then().statusCode(400).body("field", equalTo("useUpm"))
                .body("detail", containsString("classification"));
        as("demo").contentType("application/json").body(Map.of("promptText", "ok -> a\n\u0000\u0001\u0002PK\u0003\u0004 -> b",
                        "modelType", "text_classification"))
                .post(url("/api/submissions")).then().statusCode(400).body("field", equalTo("promptText"))
                .body("detail", containsString("binary")).body("detail", containsString("NUL")).body("errors", equalTo(List.of()));
        as("demo").contentType("application/json").body(Map.of("text", "\u0000\u0000GIF89a", "modelType", "text_classification"))
                .post(url("/api/preview")).then().statusCode(400).body("field", equalTo("promptText"))
                .body("detail", containsString("binary"));
        Map<String, String> session = signIn("demo"); // the page's own upload: session cookie and CSRF token
        given().cookie("thunderline-session", session.get("session")).cookie("csrf-token", session.get("csrfCookie"))
                .header("X-CSRF-TOKEN", session.get("token"))
                .multiPart("file", "x.csv", new byte[]{'t', 'e', 'x', 't', 0, 1, 2, 3}, "text/csv").multiPart(new io.restassured.builder.MultiPartSpecBuilder("text_classification").controlName("modelType")
                        .emptyFileName().mimeType("text/plain").build())
                .post(url("/api/submissions/upload")).then().statusCode(400).body("field", equalTo("file"))
                .body("detail", containsString("binary"));
        List<ConsumerRecord<String, String>> requests = kafka.read(Topics.TRAINING_REQUESTS, Duration.ofSeconds(3), x -> false);
        assertThat(requests).noneMatch(r -> r.value().contains("PK"));
    }

    @Test
    void aLanguageModelsAnswerIsStreamedFromTheTrainerToItsOwnerOnly() throws Exception {
        String job = "lm-" + UUID.randomUUID();
        insertJob(job, "demo", "Task: greet");
        sql("UPDATE ui.job_view SET status = 'completed', model_type = 'general_chat' WHERE job_id = ? AND ? = ?", job, "a", "a");
        FakeServicesResource.TRAINER.on("POST /models/" + job + "/generate", c -> new FakeService.Reply(200, "text/event-stream",
                "event: token\ndata: {\"text\":\"Hel\"}\n\nevent: token\ndata: {\"text\":\"lo\"}\n\n"
                        + "event: done\ndata: {\"answer\":\"Hello\"}\n\n"));
        String body = as("demo").contentType("application/json").accept("text/event-stream")
                .body(Map.of("prompt", "Say hello", "history", List.of(Map.of("role", "user", "content", "hi"),
                        Map.of("role", "assistant", "content", "hey")), "maxTokens", 20))
                .post(url("/api/jobs/" + job + "/generate")).then().statusCode(200).contentType(containsString("text/event-stream"))
                .extract().asString();
        assertThat(body).containsPattern("event: ?token").contains("{\"text\":\"Hel\"}").containsPattern("event: ?done")
                .contains("{\"answer\":\"Hello\"}");
        assertThat(body.indexOf("Hel")).isLessThan(body.indexOf("done"));
        FakeService.Call call = FakeServicesResource.TRAINER.calls().stream()
                .filter(c -> c.path().equals("/models/" + job + "/generate")).findFirst().orElseThrow();
        assertThat(call.body()).contains("\"prompt\":\"Say hello\"").contains("\"maxTokens\":20").contains("\"role\":\"assistant\"");
        // someone else's model does not answer them, and bad input is refused before any stream opens
        String alices = "lm-" + UUID.randomUUID();
        insertJob(alices, "alice", "Task: x");
        sql("UPDATE ui.job_view SET status = 'completed', model_type = 'general_chat' WHERE job_id = ? AND ? = ?", alices, "a", "a");
        as("demo").contentType("application/json").body(Map.of("prompt", "x")).post(url("/api/jobs/" + alices + "/generate"))
                .then().statusCode(404).contentType(PROBLEM);
        assertThat(FakeServicesResource.TRAINER.calls()).noneMatch(c -> c.path().contains(alices));
        as("demo").contentType("application/json").body(Map.of("prompt", " ")).post(url("/api/jobs/" + job + "/generate"))
                .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("text"));
        // the trainer failing once the stream is open: an "error" event whose data is the same problem body
        FakeServicesResource.TRAINER.on("POST /models/" + job + "/generate", 404, "{}");
        String failed = as("demo").contentType("application/json").accept("text/event-stream").body(Map.of("prompt", "again"))
                .post(url("/api/jobs/" + job + "/generate")).then().statusCode(200).extract().asString();
        assertThat(failed).containsPattern("event: ?error").contains("\"status\":404").contains("\"detail\":\"The trainer has no text");
    }

    @Test
    void troubleshootingStatesAreDetectedFromTheOtherServices() {
        FakeServicesResource.UPM.on("GET /upm/status", 200, EventCodec.toJson(
                new UpmStatus(Contracts.SCHEMA_VERSION, 0, 0, null, 0, 0, false, Instant.now())));
        FakeServicesResource.TRAINER.on("GET /q/health", 503, """
                {"status":"DOWN","checks":[{"name":"cerebros","status":"DOWN","data":{"message":"Cerebros unavailable"}}]}""");
        FakeServicesResource.TRACKING.on("GET /q/health", 503, """
                {"status":"DOWN","checks":[{"name":"mlflow","status":"DOWN","data":{"message":"MLflow unavailable"}}]}""");
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Response s = as("demo").get(url("/api/status"));
                assertThat(s.<Boolean>path("upm.disabled")).isTrue();
                assertThat(s.<String>path("upm.reason")).contains("switched off");
                assertThat(s.<List<String>>path("problems.title")).contains("MLflow unavailable", "Cerebros unavailable");
            });
            // a job stuck in the queue and no heartbeat: no trainer is running
            insertJob("stuck-" + UUID.randomUUID(), "demo", "x");
            FakeServicesResource.TRAINER.on("GET /workers", 200, "[]");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    as("demo").get(url("/api/status")).<List<String>>path("problems.title")).contains("No trainer running"));
            FakeServicesResource.UPM.on("GET /upm/status", 500, "{}");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    as("demo").get(url("/api/status")).<String>path("upm.reason")).contains("cannot be reached"));
        } finally {
            FakeServicesResource.UPM.on("GET /upm/status", 200, EventCodec.toJson(
                    new UpmStatus(Contracts.SCHEMA_VERSION, 2, 5, 0.04, 3, 4, true, Instant.now())));
            FakeServicesResource.TRAINER.on("GET /q/health", 200, "{\"status\":\"UP\",\"checks\":[]}");
            FakeServicesResource.TRAINER.on("GET /workers", 200,
                    "[{\"workerId\":\"w1\",\"instance\":\"t\",\"lastHeartbeat\":\"" + Instant.now().plusSeconds(3600) + "\"}]");
            FakeServicesResource.TRACKING.on("GET /q/health", 200, "{\"status\":\"UP\",\"checks\":[{\"name\":\"mlflow\",\"status\":\"UP\"}]}");
            markStuckJobsDone();
        }
    }

    @Test
    void theUpmPanelFollowsUpmStatusAndDriftEvents() throws Exception {
        try (SseReader demo = new SseReader(url("/api/jobs/stream"), "demo", "demo", null)) {
            Instant at = Instant.now().plusSeconds(1);
            kafka.send(new UpmStatus(Contracts.SCHEMA_VERSION, 3, 17, 0.07, 9, 10, true, at), UpmStatus.KEY);
            kafka.send(new DriftReport(Contracts.SCHEMA_VERSION, ModelType.SENTIMENT_ANALYSIS, 4, 0.31, 0.25, 500,
                    DriftVerdict.QUARANTINED, at), "sentiment_analysis");
            await().atMost(Duration.ofSeconds(30)).until(() -> demo.named("system-status").stream()
                    .anyMatch(e -> e.data().contains("\"snapshots24h\":17") && e.data().contains("quarantined")));
        }
        Response s = as("demo").get(url("/api/status"));
        assertThat(s.<Integer>path("upm.agentsSynced")).isEqualTo(9);
        assertThat(s.<String>path("drift.find { it.family == 'sentiment_analysis' }.verdict")).isEqualTo("quarantined");
    }

    @Test
    void malformedMessagesOnEveryTopicOfThePageGoToTheirDeadLetterTopics() {
        String marker = "poison-" + UUID.randomUUID();
        for (String topic : List.of(Topics.JOB_LOGS, Topics.TRACKING_RUNS, Topics.STATUS, Topics.DRIFT)) {
            kafka.sendRaw(topic, marker, "{\"schemaVersion\":1, \"broken\": ", Map.of("ce_specversion", "1.0",
                    "ce_id", UUID.randomUUID().toString(), "ce_type", "x", "ce_source", "/test"));
        }
        for (String topic : List.of(Topics.JOB_LOGS, Topics.TRACKING_RUNS, Topics.STATUS, Topics.DRIFT)) {
            List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(topic), Duration.ofSeconds(60),
                    seen -> seen.stream().anyMatch(r -> marker.equals(r.key())));
            assertThat(dead).as("dead letters of " + topic).anyMatch(r -> marker.equals(r.key())
                    && KafkaTestClient.header(r, "dead-letter-reason").contains("not valid JSON"));
        }
    }

    static List<String> ids(SseReader sse, String job) {
        return sse.named("job-update").stream().map(SseReader.Event::id).filter(id -> id.startsWith(job + ":")).toList();
    }

    static void sendUpdate(String job, long seq, JobStatus status) {
        kafka.send(new JobUpdate(Contracts.SCHEMA_VERSION, job, seq, status, 3, JobUpdate.phaseName(3), null, (int) seq + 1,
                Map.of("loss", 1.0 / (seq + 2), "val_accuracy", 0.5 + seq / 40.0), Map.of(), null, Instant.now()), job);
    }

    static void insertJob(String jobId, String owner, String prompt) {
        sql("INSERT INTO ui.job_view (job_id, dataset_id, dataset_version, dataset_name, model_type, priority, created_by, status,"
                + " last_seq, prompt_preview, submitted_at) VALUES (?, 'ds', 1, 'prompt_ds_text_classification', 'text_classification',"
                + " 'normal', ?, 'queued', -1, ?, now() - interval '1 minute')", jobId, owner, prompt);
    }

    static void markStuckJobsDone() {
        sql("UPDATE ui.job_view SET status = 'cancelled' WHERE job_id LIKE 'stuck-%' AND ? = ?", "a", "a");
    }

    static void sql(String statement, String... args) {
        try (Connection c = DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
             PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            s.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(statement, e);
        }
    }
}
