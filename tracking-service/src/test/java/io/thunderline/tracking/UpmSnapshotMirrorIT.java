package io.thunderline.tracking;

import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotEvent;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.contracts.Topics;
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
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * upm.snapshots mirrored into a real MLflow server through real Kafka and PostgreSQL; the test plays upm-service.
 * Families are shared with other tests (there are four), so each test uses versions of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = ThunderlineInfraResource.class, initArgs = @ResourceArg(name = "mlflow", value = "true"),
        restrictToAnnotatedClass = true)
class UpmSnapshotMirrorIT {
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

    void send(SnapshotEvent e) {
        kafka.send(e, e.family().wireName());
    }

    @Test
    void snapshotsBecomeRunsOfTheirFamilyWithParamsMetricsAndTagsThatFollowTheirStatus() throws Exception {
        UpmScript s = new UpmScript(ModelType.TEXT_CLASSIFICATION);
        send(s.event(1, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 0));
        send(s.event(1, SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, 1));
        send(s.event(2, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 2));
        send(s.event(2, SnapshotStatus.QUARANTINED, SnapshotMode.SHADOW, 3));

        JsonPath v1 = s.awaitRun(1, "FINISHED", MIRRORED);
        JsonPath v2 = s.awaitRun(2, "FAILED", MIRRORED);
        assertThat(v1.getString("status")).isEqualTo("activated");
        assertThat(v1.getString("mode")).isEqualTo("active");
        assertThat(v2.getString("status")).isEqualTo("quarantined");
        assertThat(v2.getString("mode")).isEqualTo("shadow");

        // one experiment for the family, found by name; both runs in it
        String experimentId = mlflow.getExperimentByName(s.experimentName()).orElseThrow().getExperimentId();
        assertThat(v1.getString("experimentId")).isEqualTo(experimentId);
        assertThat(v2.getString("experimentId")).isEqualTo(experimentId);
        assertThat(v1.getString("runId")).isNotEqualTo(v2.getString("runId"));

        Run run1 = mlflow.getRun(v1.getString("runId"));
        assertThat(run1.getInfo().getRunName()).isEqualTo(s.runName(1));
        assertThat(run1.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(run1.getInfo().getStartTime()).isEqualTo(s.at(0));
        assertThat(run1.getInfo().getEndTime()).isEqualTo(s.at(1));
        assertThat(UpmScript.params(run1)).isEqualTo(s.params(1));
        assertThat(UpmScript.tags(run1)).containsEntry("upm.status", "activated").containsEntry("upm.mode", "active")
                .containsEntry("upm.status_at", s.t0.plusSeconds(1).toString())
                .containsEntry("upm.history", "created " + s.t0 + " (shadow); activated " + s.t0.plusSeconds(1) + " (active)")
                .containsEntry("thunderline.upm_snapshot", s.snapshotId(1))
                .containsEntry("thunderline.upm_family", "text_classification");
        assertThat(UpmScript.history(mlflow, run1.getInfo().getRunId(), "holdout_accuracy")).containsExactly(List.of((double) s.v(1), 0.7));
        assertThat(UpmScript.history(mlflow, run1.getInfo().getRunId(), "holdout_log_loss"))
                .containsExactly(List.of((double) s.v(1), s.metrics(1).get("holdout_log_loss")));
        assertThat(UpmScript.history(mlflow, run1.getInfo().getRunId(), "holdout_rows")).containsExactly(List.of((double) s.v(1), 512.0));
        assertThat(UpmScript.history(mlflow, run1.getInfo().getRunId(), "examples")).containsExactly(List.of((double) s.v(1), 100.0));

        Run run2 = mlflow.getRun(v2.getString("runId"));
        assertThat(run2.getInfo().getRunName()).isEqualTo(s.runName(2));
        assertThat(run2.getInfo().getStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(run2.getInfo().getStartTime()).isEqualTo(s.at(2));
        assertThat(run2.getInfo().getEndTime()).isEqualTo(s.at(3));
        assertThat(UpmScript.params(run2)).isEqualTo(s.params(2));
        assertThat(UpmScript.tags(run2)).containsEntry("upm.status", "quarantined").containsEntry("upm.mode", "shadow");
        assertThat(UpmScript.history(mlflow, run2.getInfo().getRunId(), "holdout_accuracy")).containsExactly(List.of((double) s.v(2), 0.6));

        // the family's history run: one curve across versions, and the version served
        Map<String, Object> family = s.familyView();
        assertThat(family).containsEntry("experimentId", experimentId).containsEntry("pendingOperations", 0);
        String historyRunId = (String) family.get("historyRunId");
        Run history = mlflow.getRun(historyRunId);
        assertThat(history.getInfo().getRunName()).isEqualTo("upm text_classification history");
        assertThat(history.getInfo().getExperimentId()).isEqualTo(experimentId);
        assertThat(s.ownHistory(mlflow, historyRunId, "holdout_accuracy"))
                .containsExactly(List.of((double) s.v(1), 0.7), List.of((double) s.v(2), 0.6));
        assertThat(UpmScript.tags(history)).containsEntry("upm.active_version", Long.toString(s.v(1)));
        // other tests' versions of the family may be higher (versions here are random)
        assertThat(Long.parseLong(UpmScript.tags(history).get("upm.latest_version"))).isGreaterThanOrEqualTo(s.v(2));

        // the link resolves to the MLflow UI and names the run
        assertThat(v1.getString("runUrl")).isEqualTo(mlflowUrl + "/#/experiments/" + experimentId + "/runs/" + run1.getInfo().getRunId());
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(v1.getString("runUrl")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>MLflow</title>");

        // GET /upm-runs lists the family's snapshots, newest version first, with their metrics
        List<Map<String, Object>> listed = RestAssured.given().queryParam("family", "text_classification")
                .queryParam("limit", 1000).get("/upm-runs").then().statusCode(200).extract().jsonPath().getList("$");
        List<Map<String, Object>> own = listed.stream().filter(m -> List.of(s.v(1), s.v(2))
                .contains(((Number) m.get("version")).longValue())).toList();
        assertThat(own).extracting(m -> ((Number) m.get("version")).longValue()).containsExactly(s.v(2), s.v(1));
        assertThat(own).extracting(m -> m.get("status")).containsExactly("quarantined", "activated");
        assertThat(own).extracting(m -> m.get("runUrl")).containsExactly(v2.getString("runUrl"), v1.getString("runUrl"));
        assertThat(v1.getString("metrics.holdout_accuracy")).isEqualTo("0.7");
        // without a family: every family's snapshots
        List<String> families = RestAssured.given().queryParam("limit", 1000).get("/upm-runs").then().statusCode(200)
                .extract().jsonPath().getList("family", String.class);
        assertThat(families).contains("text_classification");
    }

    @Test
    void aRunOfTheSameSnapshotIdFromAnotherDeploymentIsNotReused() throws Exception {
        // another stack on the same MLflow server (or upm-service's database started afresh) had its own v1 of the
        // family: same snapshot id, other weights. Its run already holds another checksum param, which MLflow would
        // never let this snapshot's run overwrite
        UpmScript s = new UpmScript(ModelType.TEXT_CLASSIFICATION);
        String experimentId = mlflow.getExperimentByName(s.experimentName()).map(e -> e.getExperimentId())
                .orElseGet(() -> mlflow.createExperiment(s.experimentName()));
        String foreign = mlflow.createRun(org.mlflow.api.proto.Service.CreateRun.newBuilder().setExperimentId(experimentId)
                .setRunName(s.runName(1)).addTags(org.mlflow.api.proto.Service.RunTag.newBuilder()
                        .setKey("thunderline.upm_snapshot").setValue(s.snapshotId(1))).build()).getRunId();
        mlflow.logParam(foreign, "checksum", "f".repeat(64));

        send(s.event(1, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 0));
        send(s.event(1, SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, 1));
        JsonPath v1 = s.awaitRun(1, "FINISHED", MIRRORED);
        assertThat(v1.getString("runId")).as("this snapshot's own run").isNotEqualTo(foreign);
        Run run = mlflow.getRun(v1.getString("runId"));
        assertThat(UpmScript.params(run)).isEqualTo(s.params(1));
        assertThat(UpmScript.tags(run)).containsEntry("thunderline.upm_checksum", s.checksum(1));
        assertThat(UpmScript.params(mlflow.getRun(foreign))).containsEntry("checksum", "f".repeat(64));
        assertThat(count("SELECT count(*) FROM pending_mlflow_ops WHERE job_id = $1 AND failed_at IS NOT NULL", "upm:" + s.wire))
                .as("operations MLflow refused for good").isZero();
    }

    @Test
    void activatingAnotherVersionOrRollingBackMovesTheServedModeAndTheRunStatuses() {
        UpmScript s = new UpmScript(ModelType.SENTIMENT_ANALYSIS);
        send(s.event(1, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 0));
        send(s.event(1, SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, 1));
        send(s.event(2, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 2));
        send(s.event(2, SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, 3));
        JsonPath v2 = s.awaitRun(2, "FINISHED", MIRRORED);
        // upm-service says nothing about v1 when v2 takes over: v1's run says it is back in shadow
        JsonPath v1 = s.view(1);
        assertThat(v1.getString("mode")).isEqualTo("shadow");
        Map<String, String> tags1 = UpmScript.tags(mlflow.getRun(v1.getString("runId")));
        assertThat(tags1).containsEntry("upm.status", "activated").containsEntry("upm.mode", "shadow")
                .containsEntry("upm.served_until", s.t0.plusSeconds(3).toString());
        assertThat(UpmScript.tags(mlflow.getRun(v2.getString("runId")))).containsEntry("upm.mode", "active");
        assertThat(UpmScript.tags(mlflow.getRun((String) s.familyView().get("historyRunId"))))
                .containsEntry("upm.active_version", Long.toString(s.v(2)));

        // rollback to v1: v2 rolled_back (KILLED, its end time stays the activation's), v1 served again
        send(s.event(2, SnapshotStatus.ROLLED_BACK, SnapshotMode.SHADOW, 4));
        send(s.event(1, SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, 5));
        v2 = s.awaitRun(2, "KILLED", MIRRORED);
        Run run2 = mlflow.getRun(v2.getString("runId"));
        assertThat(run2.getInfo().getStatus()).isEqualTo(RunStatus.KILLED);
        assertThat(run2.getInfo().getEndTime()).isEqualTo(s.at(3));
        assertThat(UpmScript.tags(run2)).containsEntry("upm.status", "rolled_back").containsEntry("upm.mode", "shadow");
        Run run1 = mlflow.getRun(s.awaitRun(1, "FINISHED", MIRRORED).getString("runId"));
        assertThat(UpmScript.tags(run1)).containsEntry("upm.status", "activated").containsEntry("upm.mode", "active");
        assertThat(run1.getInfo().getEndTime()).isEqualTo(s.at(1));
        assertThat(UpmScript.tags(mlflow.getRun((String) s.familyView().get("historyRunId"))))
                .containsEntry("upm.active_version", Long.toString(s.v(1)));
    }

    @Test
    void aDuplicatedSnapshotEventIsLoggedOnceAndALateOneMovesNothing() {
        UpmScript s = new UpmScript(ModelType.INSTRUCTION_FOLLOWING);
        SnapshotEvent created = s.event(1, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 0);
        String id = kafka.send(created, s.wire);
        kafka.send(created, s.wire, id); // the same message again
        kafka.send(created, s.wire); // the same event under a new CloudEvent id
        send(s.event(1, SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, 2));
        // a quarantine older than the activation (out of order): history, not status
        send(s.event(1, SnapshotStatus.QUARANTINED, SnapshotMode.SHADOW, 1));
        kafka.send(created, s.wire);

        await(() -> count("SELECT count(*) FROM upm_snapshot_events WHERE family = $1 AND version = $2", s.wire, s.v(1)) == 3
                && s.pending() == 0);
        JsonPath v1 = s.awaitRun(1, "FINISHED", MIRRORED);
        assertThat(v1.getString("status")).isEqualTo("activated");
        String runId = v1.getString("runId");
        for (String key : List.of("holdout_accuracy", "holdout_log_loss", "holdout_rows", "examples")) {
            assertThat(mlflow.getMetricHistory(runId, key)).as(key).hasSize(1);
        }
        assertThat(s.ownHistory(mlflow, (String) s.familyView().get("historyRunId"), "holdout_accuracy"))
                .containsExactly(List.of((double) s.v(1), 0.7));
        Map<String, String> tags = UpmScript.tags(mlflow.getRun(runId));
        assertThat(tags).containsEntry("upm.status", "activated").containsEntry("upm.history", "created " + s.t0
                + " (shadow); quarantined " + s.t0.plusSeconds(1) + " (shadow); activated " + s.t0.plusSeconds(2) + " (active)");
        assertThat(mlflow.searchRuns(List.of(v1.getString("experimentId")),
                "tags.`thunderline.upm_snapshot` = '" + s.snapshotId(1) + "'")).hasSize(1);
    }

    @Test
    void aMalformedSnapshotGoesToTheDeadLetterTopicWithTheErrorAndConsumingGoesOn() {
        UpmScript s = new UpmScript(ModelType.TEXT_CLASSIFICATION);
        String badKey = "bad-snapshot-" + UUID.randomUUID();
        kafka.sendRaw(Topics.SNAPSHOTS, badKey,
                EventCodec.toJson(s.event(1, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 0)).replace("\"checksum\"", "\"sha\""),
                Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                        "ce_type", "io.thunderline.upm.snapshot-changed.v1", "ce_source", "/test"));
        send(s.event(2, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 1));

        List<ConsumerRecord<String, String>> dead = kafka.read(Topics.dlq(Topics.SNAPSHOTS), Duration.ofSeconds(120),
                seen -> seen.stream().anyMatch(r -> badKey.equals(r.key())));
        ConsumerRecord<String, String> record = dead.stream().filter(r -> badKey.equals(r.key())).findFirst().orElseThrow();
        assertThat(KafkaTestClient.header(record, "dead-letter-reason")).contains("missing required field 'checksum'");
        assertThat(KafkaTestClient.header(record, "dead-letter-topic")).isEqualTo(Topics.SNAPSHOTS);

        s.awaitRun(2, "RUNNING", MIRRORED);
        RestAssured.given().get("/upm-runs/{family}/{version}", s.wire, s.v(1)).then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no snapshot v" + s.v(1) + " of text_classification"));
    }

    @Test
    void badRequestsNameTheField() {
        RestAssured.given().queryParam("family", "poetry").get("/upm-runs").then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("family")).body("detail", containsString("text_classification"));
        RestAssured.given().queryParam("limit", 0).get("/upm-runs").then().statusCode(400)
                .body("field", equalTo("limit"));
        RestAssured.given().queryParam("offset", -1).get("/upm-runs").then().statusCode(400)
                .body("field", equalTo("offset"));
        RestAssured.given().get("/upm-runs/poetry/1").then().statusCode(400).body("field", equalTo("family"));
    }

    void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(MIRRORED).pollInterval(Duration.ofMillis(300)).until(condition);
    }

    long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
