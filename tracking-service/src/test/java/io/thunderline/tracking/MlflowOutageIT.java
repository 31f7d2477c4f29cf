package io.thunderline.tracking;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.MlflowServer;
import io.thunderline.infra.ProjectPaths;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * MLflow goes away in the middle of a job and comes back (same port, same backend store): the run catches up with
 * everything that happened meanwhile, and nothing is logged twice — a job's run as well as UPM snapshots' runs. The
 * service's readiness never depends on MLflow.
 */
@QuarkusTest
@QuarkusTestResource(value = OwnMlflowPortResource.class, restrictToAnnotatedClass = true)
class MlflowOutageIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("tracking-service");
    }

    /** Seconds on an idle machine; minutes when several builds share its two cores (load average 30 was seen). */
    static final Duration SLOW_MACHINE = Duration.ofSeconds(240);
    static MlflowServer mlflow;

    @ConfigProperty(name = "thunderline.mlflow.url")
    String mlflowUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    Path state() {
        return ProjectPaths.testState("tracking-outage").resolve("mlflow-" + URI.create(mlflowUrl).getPort());
    }

    void startMlflow() {
        int port = URI.create(mlflowUrl).getPort();
        try {
            mlflow = MlflowServer.start(state(), port);
        } catch (IllegalStateException e) {
            // MlflowServer waits 120 s; on a machine shared by many builds a first start (creating its database) can
            // take longer. The second attempt finds the database made.
            System.err.println("MLflow start failed, trying once more: " + e.getMessage());
            mlflow = MlflowServer.start(state(), port);
        }
        assertThat(mlflow.url()).isEqualTo(mlflowUrl);
    }

    @AfterAll
    static void stopMlflow() {
        if (mlflow != null) {
            mlflow.close();
            mlflow = null;
        }
    }

    @Test
    void mlflowStoppedMidJobThenBackOnTheSamePortAndStoreTheRunCatchesUpCompletely() throws Exception {
        assertThat(MlflowServer.command()).as("the mlflow command (pip install mlflow) for a real MLflow server").isPresent();
        if (mlflow == null) {
            startMlflow(); // the other test may have left it running
        }
        JobScript during = JobScript.classification("job-with-model-outage-" + UUID.randomUUID());
        JobScript after = JobScript.classification("job-with-model-whole-outage-" + UUID.randomUUID());
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            during.updates.subList(0, 5).forEach(u -> kafka.send(u, during.jobId)); // up to trial 1's result
            await().atMost(SLOW_MACHINE).until(() -> {
                var r = RestAssured.given().get("/runs/{jobId}", during.jobId);
                return r.statusCode() == 200 && "RUNNING".equals(r.jsonPath().getString("state"))
                        && r.jsonPath().getLong("pendingOperations") == 0;
            });

            mlflow.close();
            mlflow = null;
            during.updates.subList(5, during.updates.size()).forEach(u -> kafka.send(u, during.jobId));
            // a second job from start to end while MLflow is away: not even its run can be created yet
            after.updates.forEach(u -> kafka.send(u, after.jobId));

            await().atMost(SLOW_MACHINE).until(() ->
                    "completed".equals(MlflowChecks.runView(during.jobId).getString("jobStatus"))
                            && "completed".equals(MlflowChecks.runView(after.jobId).getString("jobStatus")));
            JsonPath waiting = MlflowChecks.runView(during.jobId);
            assertThat(waiting.getString("state")).isEqualTo("RUNNING");
            assertThat(waiting.getLong("pendingOperations")).isEqualTo(during.updates.size() - 5 + 1L);
            assertThat(MlflowChecks.runView(after.jobId).getString("state")).isEqualTo("PENDING");

            await().atMost(SLOW_MACHINE).untilAsserted(() ->
                    RestAssured.given().get("/q/health/well").then().statusCode(503)
                            .body("checks.find { it.name == 'mlflow' }.status", equalTo("DOWN"))
                            .body("checks.find { it.name == 'mlflow' }.data.message", equalTo("MLflow unavailable"))
                            .body("checks.find { it.name == 'mlflow' }.data.pendingOperations", greaterThan(0)));
            RestAssured.given().get("/q/health/ready").then().statusCode(200);
            RestAssured.given().get("/q/health/live").then().statusCode(200);
            RestAssured.given().get("/mlflow/status").then().statusCode(200)
                    .body("available", equalTo(false)).body("message", equalTo("MLflow unavailable"));

            long down = System.nanoTime();
            startMlflow(); // same port, same backend store and artifact directory
            long up = System.nanoTime();
            JsonPath caughtUp = MlflowChecks.awaitRunState(during.jobId, "FINISHED", SLOW_MACHINE);
            JsonPath whole = MlflowChecks.awaitRunState(after.jobId, "FINISHED", SLOW_MACHINE);
            System.out.printf("MLflow restart took %.1f s; both runs caught up %.1f s after it answered%n",
                    (up - down) / 1e9, (System.nanoTime() - up) / 1e9);

            MlflowClient client = new MlflowClient(mlflowUrl);
            assertThat(caughtUp.getString("runId")).isEqualTo(waiting.getString("runId"));
            MlflowChecks.assertMirrored(client, mlflowUrl, during, caughtUp);
            MlflowChecks.assertMirrored(client, mlflowUrl, after, whole);

            await().atMost(SLOW_MACHINE).untilAsserted(() ->
                    RestAssured.given().get("/q/health/well").then().statusCode(200)
                            .body("checks.find { it.name == 'mlflow' }.status", equalTo("UP")));
        }
    }

    @Test
    void snapshotsThatArriveWhileMlflowIsDownCatchUpWhenItIsBack() throws Exception {
        assertThat(MlflowServer.command()).as("the mlflow command (pip install mlflow) for a real MLflow server").isPresent();
        if (mlflow == null) {
            startMlflow();
        }
        // a family no other test class mirrors: this test's MLflow is not theirs, but the database may be shared
        UpmScript s = new UpmScript(ModelType.GENERAL_CHAT);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.send(s.event(1, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 0), s.wire);
            JsonPath before = s.awaitRun(1, "RUNNING", SLOW_MACHINE);

            mlflow.close();
            mlflow = null;
            kafka.send(s.event(1, SnapshotStatus.ACTIVATED, SnapshotMode.ACTIVE, 1), s.wire);
            kafka.send(s.event(2, SnapshotStatus.CREATED, SnapshotMode.SHADOW, 2), s.wire);
            kafka.send(s.event(2, SnapshotStatus.QUARANTINED, SnapshotMode.SHADOW, 3), s.wire);
            await().atMost(SLOW_MACHINE).pollInterval(Duration.ofMillis(300)).until(() -> s.pending() == 3
                    && RestAssured.given().get("/upm-runs/{family}/{version}", s.wire, s.v(2)).statusCode() == 200);
            JsonPath waiting1 = s.view(1);
            JsonPath waiting2 = s.view(2);
            assertThat(waiting1.getString("status")).isEqualTo("activated");
            assertThat(waiting1.getString("runState")).isEqualTo("RUNNING");
            assertThat(waiting2.getString("status")).isEqualTo("quarantined");
            assertThat(waiting2.getString("runState")).isEqualTo("PENDING");
            assertThat(waiting2.getString("runUrl")).isNull();

            startMlflow(); // same port, same backend store
            JsonPath v1 = s.awaitRun(1, "FINISHED", SLOW_MACHINE);
            JsonPath v2 = s.awaitRun(2, "FAILED", SLOW_MACHINE);
            assertThat(v1.getString("runId")).isEqualTo(before.getString("runId"));

            MlflowClient client = new MlflowClient(mlflowUrl);
            Run run1 = client.getRun(v1.getString("runId"));
            assertThat(run1.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
            assertThat(run1.getInfo().getEndTime()).isEqualTo(s.at(1));
            assertThat(UpmScript.tags(run1)).containsEntry("upm.status", "activated").containsEntry("upm.mode", "active");
            assertThat(UpmScript.history(client, run1.getInfo().getRunId(), "holdout_accuracy"))
                    .containsExactly(List.of((double) s.v(1), 0.7));

            Run run2 = client.getRun(v2.getString("runId"));
            assertThat(run2.getInfo().getRunName()).isEqualTo(s.runName(2));
            assertThat(run2.getInfo().getStatus()).isEqualTo(RunStatus.FAILED);
            assertThat(run2.getInfo().getStartTime()).isEqualTo(s.at(2));
            assertThat(run2.getInfo().getEndTime()).isEqualTo(s.at(3));
            assertThat(UpmScript.params(run2)).isEqualTo(s.params(2));
            assertThat(UpmScript.tags(run2)).containsEntry("upm.status", "quarantined").containsEntry("upm.mode", "shadow");
            assertThat(UpmScript.history(client, run2.getInfo().getRunId(), "holdout_accuracy"))
                    .containsExactly(List.of((double) s.v(2), 0.6));

            String historyRunId = (String) s.familyView().get("historyRunId");
            assertThat(s.ownHistory(client, historyRunId, "holdout_accuracy"))
                    .containsExactly(List.of((double) s.v(1), 0.7), List.of((double) s.v(2), 0.6));
            assertThat(UpmScript.tags(client.getRun(historyRunId))).containsEntry("upm.active_version", Long.toString(s.v(1)));
        }
    }
}
