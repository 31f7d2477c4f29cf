package io.thunderline.tracking;

import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.Topics;
import io.thunderline.contracts.TrackingRun;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.MlflowServer;
import io.thunderline.infra.ThunderlineInfraResource;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.tracking.MlflowClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** tracking-service against real Kafka, PostgreSQL and a real MLflow server; the test plays the trainer. */
@QuarkusTest
@QuarkusTestResource(value = ThunderlineInfraResource.class, initArgs = @ResourceArg(name = "mlflow", value = "true"),
        restrictToAnnotatedClass = true)
class MlflowMirrorIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("tracking-service");
    }

    /** Seconds on an idle machine; minutes when several builds share its two cores. */
    static final Duration MIRRORED = Duration.ofSeconds(240);
    static KafkaTestClient kafka;

    @ConfigProperty(name = "thunderline.mlflow.url")
    String mlflowUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Pool pool;

    MlflowClient mlflow;

    @BeforeEach
    void connect() {
        assertThat(MlflowServer.command()).as("the mlflow command (pip install mlflow) for a real MLflow server").isPresent();
        if (kafka == null) {
            kafka = new KafkaTestClient(bootstrap);
        }
        mlflow = new MlflowClient(mlflowUrl);
    }

    @AfterAll
    static void disconnect() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    void play(JobScript script, List<JobUpdate> updates) {
        updates.forEach(u -> kafka.send(u, script.jobId));
    }

    @Test
    void aSubmittedJobBecomesAFinishedRunWithItsParamsMetricsArtifactsAndAWorkingLink() throws Exception {
        JobScript script = JobScript.classification("job-with-model-" + UUID.randomUUID());
        play(script, script.updates);

        JsonPath view = MlflowChecks.awaitRunState(script.jobId, "FINISHED", MIRRORED);
        assertThat(view.getString("jobStatus")).isEqualTo("completed");
        MlflowChecks.assertMirrored(mlflow, mlflowUrl, script, view);

        // the link resolves: the MLflow UI answers it, and its ids name this run
        String runUrl = view.getString("runUrl");
        Matcher ids = Pattern.compile("^" + Pattern.quote(mlflowUrl) + "/#/experiments/([^/]+)/runs/([0-9a-f]+)$").matcher(runUrl);
        assertThat(ids.matches()).as("run URL %s", runUrl).isTrue();
        assertThat(ids.group(1)).isEqualTo(view.getString("experimentId"));
        assertThat(ids.group(2)).isEqualTo(view.getString("runId"));
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(runUrl))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>MLflow</title>");

        // tracking.runs told the page: first the new run, last its final state, always the same link
        List<TrackingRun> events = kafka.read(Topics.TRACKING_RUNS, Duration.ofSeconds(30), seen -> runEvents(seen, script.jobId)
                        .stream().anyMatch(e -> e.state().equals("FINISHED")))
                .stream().filter(r -> script.jobId.equals(r.key()))
                .map(r -> EventCodec.fromJson(r.value(), TrackingRun.class)).toList();
        assertThat(events).extracting(TrackingRun::state).startsWith("SCHEDULED").endsWith("FINISHED")
                .contains("RUNNING").doesNotHaveDuplicates();
        assertThat(events).extracting(TrackingRun::runUrl).containsOnly(runUrl);

        // comparison and export give the same histories as MLflow
        String compared = RestAssured.given().queryParam("jobs", script.jobId).get("/compare")
                .then().statusCode(200).extract().asString();
        assertThat(MlflowChecks.fromCompare(compared, 0)).isEqualTo(script.expectedHistories());
        Map<String, String> comparedParams = new JsonPath(compared).getMap("[0].params");
        assertThat(comparedParams).containsAllEntriesOf(script.params)
                .containsEntry("confusion_matrix", JobScript.CONFUSION_MATRIX);

        String csv = RestAssured.given().queryParam("format", "csv").get("/runs/{jobId}/export", script.jobId)
                .then().statusCode(200).header("Content-Disposition", containsString(".csv"))
                .extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("job_id,metric,step,value,timestamp,seq");
        assertThat(lines).hasSize(1 + script.metrics.size());
        assertThat(lines).contains(script.jobId + ",loss,2,0.4," + script.updates.get(9).at() + ",9");

        RestAssured.given().queryParam("format", "json").get("/runs/{jobId}/export", script.jobId)
                .then().statusCode(200)
                .body("jobId", equalTo(script.jobId))
                .body("params.architecture", equalTo("levels=3 units=[4,2]"))
                .body("metrics.trial_val_f1.size()", equalTo(2));
    }

    @Test
    void aDuplicatedJobUpdateIsLoggedOnce() {
        JobScript script = JobScript.classification("job-dup-" + UUID.randomUUID());
        List<JobUpdate> u = script.updates;
        String firstId = kafka.send(u.get(0), script.jobId);
        play(script, u.subList(1, 10));
        // the same message again (same CloudEvent id) ...
        kafka.send(u.get(0), script.jobId, firstId);
        // ... and the same update re-published under a new id with a later time: still the same (job, seq)
        JobUpdate epoch1 = u.get(8);
        assertThat(epoch1.epoch()).isEqualTo(1);
        kafka.send(new JobUpdate(Contracts.SCHEMA_VERSION, epoch1.jobId(), epoch1.seq(), epoch1.status(), epoch1.phase(),
                epoch1.phaseName(), epoch1.trial(), epoch1.epoch(), epoch1.metrics(), epoch1.params(), epoch1.message(),
                epoch1.at().plusSeconds(5)), script.jobId);
        play(script, u.subList(10, u.size()));

        JsonPath view = MlflowChecks.awaitRunState(script.jobId, "FINISHED", MIRRORED);
        var history = mlflow.getMetricHistory(view.getString("runId"), "loss");
        assertThat(history).extracting(m -> m.getStep()).containsExactly(1L, 2L, 3L);
        assertThat(history.get(0).getTimestamp()).isEqualTo(epoch1.at().toEpochMilli());
        assertThat(MlflowChecks.histories(mlflow, view.getString("runId"), script.expectedHistories().keySet()))
                .isEqualTo(script.expectedHistories());
        assertThat(count("SELECT count(*) FROM seen_job_updates WHERE job_id = $1", script.jobId)).isEqualTo(u.size());
    }

    @Test
    void anUpdateAfterAJobsEndGoesToTheDeadLetterTopicAndTheRunStaysFinished() {
        JobScript script = JobScript.classification("job-final-" + UUID.randomUUID());
        play(script, script.updates);
        MlflowChecks.awaitRunState(script.jobId, "FINISHED", MIRRORED);
        JobUpdate end = script.updates.get(script.updates.size() - 1);

        // a late or forged running update numbered after the end
        JobUpdate late = new JobUpdate(Contracts.SCHEMA_VERSION, script.jobId, end.seq() + 1, JobStatus.RUNNING, 3, null,
                null, 9, Map.of("loss", 0.01), Map.of(), "resumed after a pause", end.at().plusSeconds(60));
        kafka.send(late, script.jobId);

        var dead = kafka.read(Topics.dlq(Topics.JOB_UPDATES), Duration.ofSeconds(60),
                seen -> seen.stream().anyMatch(r -> script.jobId.equals(r.key())
                        && r.value().contains("resumed after a pause")));
        assertThat(dead).filteredOn(r -> script.jobId.equals(r.key())).singleElement().satisfies(r ->
                assertThat(KafkaTestClient.header(r, "dead-letter-reason"))
                        .contains("ended as completed with update " + end.seq()).contains("is not applied"));
        assertThat(text("SELECT status FROM tracking.runs WHERE job_id = $1", script.jobId)).isEqualTo("completed");
        assertThat(count("SELECT count(*) FROM seen_job_updates WHERE job_id = $1", script.jobId))
                .isEqualTo(script.updates.size());
        assertThat(MlflowChecks.runView(script.jobId).getString("state")).isEqualTo("FINISHED");
    }

    @Test
    void aJobWithTrackingOffGetsNoRunAndNoLinkButItsStatusIsKnown() {
        JobScript script = JobScript.untracked("job-untracked-" + UUID.randomUUID());
        // later updates first (a redelivery out of order): they wait for the first one, whose request says "no MLflow"
        play(script, script.updates.subList(1, 3));
        await().atMost(Duration.ofSeconds(120)).until(() -> count(
                "SELECT count(*) FROM pending_mlflow_ops WHERE job_id = $1", script.jobId) > 0);
        play(script, script.updates.subList(0, 1));
        play(script, script.updates.subList(3, script.updates.size()));

        await().atMost(Duration.ofSeconds(120)).until(() -> {
            JsonPath seen = RestAssured.given().get("/runs/{jobId}", script.jobId).jsonPath();
            return "completed".equals(seen.getString("jobStatus")) && seen.get("trackMlflow") != null;
        });
        JsonPath view = MlflowChecks.runView(script.jobId);
        assertThat(view.getString("state")).isEqualTo("UNTRACKED");
        assertThat(view.getString("runUrl")).isNull();
        assertThat(view.getLong("pendingOperations")).isZero();
        assertThat(count("SELECT count(*) FROM pending_mlflow_ops WHERE job_id = $1", script.jobId)).isZero();
        assertThat(text("SELECT status FROM tracking.runs WHERE job_id = $1", script.jobId)).isEqualTo("completed");
        mlflow.getExperimentByName("thunderline-text_classification").ifPresent(experiment -> assertThat(mlflow.searchRuns(
                List.of(experiment.getExperimentId()), "tags.`thunderline.job_id` = '" + script.jobId + "'")).isEmpty());
    }

    @Test
    void updatesThatComeBeforeTheRequestWaitAndNothingIsLost() throws Exception {
        JobScript script = JobScript.classification("job-with-model-late-" + UUID.randomUUID());
        play(script, script.updates.subList(1, script.updates.size()));
        await().atMost(Duration.ofSeconds(120)).until(() -> "completed".equals(
                RestAssured.given().get("/runs/{jobId}", script.jobId).jsonPath().getString("jobStatus")));
        Thread.sleep(2_000); // nobody is asked about the job: its operations keep waiting for the first update
        JsonPath waiting = MlflowChecks.runView(script.jobId);
        assertThat(waiting.getString("state")).isEqualTo("PENDING");
        assertThat(waiting.getString("runUrl")).isNull();
        assertThat(waiting.getLong("pendingOperations")).isEqualTo(script.updates.size() - 1 + 1L); // + the artifacts

        play(script, script.updates.subList(0, 1));
        JsonPath view = MlflowChecks.awaitRunState(script.jobId, "FINISHED", MIRRORED);
        MlflowChecks.assertMirrored(mlflow, mlflowUrl, script, view);
    }

    @Test
    void trackingMirrorsAJobWithTheTrainersRestPortClosed() throws Exception {
        int port = ModelServer.freePort(); // nothing listens here until the end of the test
        String jobId = "job-with-model-port-closed-" + UUID.randomUUID();
        JobScript script = JobScript.classification(jobId, true, ModelServer.modelUrl(port, jobId));
        play(script, script.updates);

        // the run, its params, metrics and final status reach MLflow; only the model artifact waits
        await().atMost(MIRRORED).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonPath v = MlflowChecks.runView(script.jobId);
            return "FINISHED".equals(v.getString("state")) && v.getLong("pendingOperations") == 1
                    && count("SELECT count(*) FROM pending_mlflow_ops WHERE job_id = $1 AND kind = 'UPLOAD_ARTIFACTS'"
                    + " AND attempts > 0", script.jobId) == 1;
        });
        String runId = MlflowChecks.runView(script.jobId).getString("runId");
        var run = mlflow.getRun(runId);
        assertThat(run.getInfo().getStatus()).isEqualTo(org.mlflow.api.proto.Service.RunStatus.FINISHED);
        assertThat(run.getData().getParamsList().stream().collect(java.util.stream.Collectors.toMap(
                org.mlflow.api.proto.Service.Param::getKey, org.mlflow.api.proto.Service.Param::getValue)))
                .isEqualTo(script.params);
        assertThat(MlflowChecks.histories(mlflow, runId, script.expectedHistories().keySet()))
                .isEqualTo(script.expectedHistories());
        assertThat(MlflowChecks.artifacts(mlflowUrl, runId, "")).doesNotContain("model");
        assertThat(text("SELECT last_error FROM pending_mlflow_ops WHERE job_id = $1", script.jobId))
                .contains(script.modelUrl);

        try (ModelServer server = ModelServer.on(port)) {
            JsonPath view = MlflowChecks.awaitRunState(script.jobId, "FINISHED", MIRRORED);
            MlflowChecks.assertMirrored(mlflow, mlflowUrl, script, view);
        }
    }

    @Test
    void aModelUrlOutsideTheTrainersAddressIsNotFetchedAndGetsNoToken() throws Exception {
        // this test's tracking-service admits http://127.0.0.1:* (its test profile); "localhost" is another origin
        // even where it resolves to the same server: the origin, not the address, decides where the token may go
        ModelServer server = ModelServer.shared();
        String jobId = "job-with-model-elsewhere-" + UUID.randomUUID();
        String elsewhere = "http://localhost:" + server.port() + "/models/" + jobId + "/file";
        JobScript script = JobScript.classification(jobId, true, elsewhere);
        int before = server.requests();
        play(script, script.updates);

        JsonPath view = MlflowChecks.awaitRunState(script.jobId, "FINISHED", MIRRORED); // nothing left pending
        String runId = view.getString("runId");
        assertThat(MlflowChecks.artifacts(mlflowUrl, runId, "")).contains("confusion_matrix.json").doesNotContain("model");
        assertThat(server.requests()).as("requests to the server the forged modelUrl names").isEqualTo(before);
        assertThat(MlflowChecks.histories(mlflow, runId, script.expectedHistories().keySet()))
                .isEqualTo(script.expectedHistories());
    }

    @Test
    void comparisonPutsJobsSideBySide() {
        JobScript a = JobScript.untracked("job-cmp-a-" + UUID.randomUUID());
        JobScript b = JobScript.untracked("job-cmp-b-" + UUID.randomUUID());
        for (JobScript s : List.of(a, b)) {
            play(s, s.updates);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> count(
                "SELECT count(*) FROM runs WHERE job_id IN ($1, $2) AND status = 'completed'", a.jobId, b.jobId) == 2);
        String compared = RestAssured.given().queryParam("jobs", b.jobId + "," + a.jobId).get("/compare")
                .then().statusCode(200).extract().asString();
        JsonPath json = new JsonPath(compared);
        assertThat(json.getList("jobId", String.class)).containsExactly(b.jobId, a.jobId);
        assertThat(MlflowChecks.fromCompare(compared, 0)).isEqualTo(b.expectedHistories());
        assertThat(MlflowChecks.fromCompare(compared, 1)).isEqualTo(a.expectedHistories());
    }

    @Test
    void badRequestsNameTheFieldAndTheFix() {
        RestAssured.given().get("/compare").then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("title", equalTo("Bad Request"))
                .body("field", equalTo("jobs")).body("detail", containsString("jobs=<id>"));
        String many = String.join(",", java.util.stream.IntStream.range(0, 21).mapToObj(i -> "j" + i).toList());
        RestAssured.given().queryParam("jobs", many).get("/compare").then().statusCode(400)
                .body("field", equalTo("jobs")).body("detail", containsString("at most 20"));
        String unknown = "no-such-job-" + UUID.randomUUID();
        RestAssured.given().queryParam("jobs", unknown).get("/compare").then().statusCode(404)
                .contentType("application/problem+json")
                .body("field", equalTo("jobs")).body("detail", containsString("unknown job"))
                .body("errors", equalTo(List.of(unknown)));
        RestAssured.given().queryParam("format", "xml").get("/runs/any/export").then().statusCode(400)
                .body("field", equalTo("format")).body("detail", containsString("csv or json"));
        RestAssured.given().get("/runs/no-such-job").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no job no-such-job"));
    }

    @Test
    void mlflowHealthIsAWellnessCheckAndDoesNotDecideReadinessOrLiveness() {
        RestAssured.given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'mlflow' }.status", equalTo("UP"));
        RestAssured.given().get("/q/health").then().statusCode(200)
                .body("checks.find { it.name == 'mlflow' }.status", equalTo("UP"));
        RestAssured.given().get("/q/health/live").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("mlflow")));
        RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("mlflow")));
        RestAssured.given().get("/mlflow/status").then().statusCode(200)
                .body("available", equalTo(true)).body("url", equalTo(mlflowUrl));
    }

    static List<TrackingRun> runEvents(List<ConsumerRecord<String, String>> seen, String jobId) {
        return seen.stream().filter(r -> jobId.equals(r.key()))
                .map(r -> EventCodec.fromJson(r.value(), TrackingRun.class)).toList();
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    String text(String sql, Object... args) {
        var it = pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10)).iterator();
        return it.hasNext() ? it.next().getString(0) : null;
    }
}
