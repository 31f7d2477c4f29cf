package io.thunderline.tracking;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.TestAuth;
import io.thunderline.infra.TestTokens;
import io.thunderline.infra.ThunderlineInfraResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may call tracking-service: nobody without a token of the deployment's key for this service; a person reads the
 * runs, exports and comparisons of their own jobs, an admin all; services and agents read nothing here.
 */
@QuarkusTest
@QuarkusTestResource(value = ThunderlineInfraResource.class, initArgs = @ResourceArg(name = "mlflow", value = "true"),
        restrictToAnnotatedClass = true)
class IdentityIT {
    private static final String SELF = "tracking-service";
    static KafkaTestClient kafka;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void noDefaultToken() {
        TestAuth.none();
        if (kafka == null) {
            kafka = new KafkaTestClient(bootstrap);
        }
    }

    @AfterAll
    static void disconnect() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    @Test
    void withoutAValidTokenEveryCallIs401ProblemJson() {
        String job = jobOf("admin");
        List<String> paths = List.of("/runs/" + job, "/runs/" + job + "/export", "/compare?jobs=" + job, "/upm-runs",
                "/upm-runs/families", "/mlflow/status", "/no/such/path");
        int refused = 0;
        for (String path : paths) {
            refused += unauthorized(given().get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.admin("trainer-service")).get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.expired("admin", SELF)).get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.foreignKey(SELF)).get(path));
            refused += unauthorized(given().header("X-Agent-Key", TestTokens.agentKey()).get(path));
        }
        assertThat(refused).isEqualTo(paths.size() * 5);
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aPersonReadsOnlyTheirOwnJobsRuns() {
        String alice = "alice-" + UUID.randomUUID();
        String job = jobOf(alice);
        String asBob = TestTokens.user("bob-" + UUID.randomUUID(), SELF);
        for (String path : List.of("/runs/" + job, "/runs/" + job + "/export", "/compare?jobs=" + job)) {
            Response r = given().header("Authorization", asBob).get(path);
            assertThat(r.statusCode()).as(path + ": " + r.asString()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("detail")).contains("of yours");
            assertThat(given().header("Authorization", TestTokens.user(alice, SELF)).get(path).statusCode())
                    .as(path).isEqualTo(200);
            assertThat(given().header("Authorization", TestTokens.admin(SELF)).get(path).statusCode())
                    .as(path).isEqualTo(200);
        }
        // comparing one's own job with someone else's is refused as a whole
        String bobsJob = jobOf("bob-other-" + UUID.randomUUID());
        assertThat(given().header("Authorization", TestTokens.user(alice, SELF)).get("/compare?jobs=" + job + ","
                + bobsJob).statusCode()).isEqualTo(404);
        // a job tracking-service never saw reads the same as another person's
        assertThat(given().header("Authorization", asBob).get("/runs/never-" + UUID.randomUUID())
                .jsonPath().getString("detail")).contains("of yours");
        // UPM's runs and MLflow's status are everyone's
        assertThat(given().header("Authorization", asBob).get("/upm-runs/families").statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", asBob).get("/mlflow/status").statusCode()).isEqualTo(200);
    }

    @Test
    void servicesReadNothingHere() {
        String job = jobOf("frank-" + UUID.randomUUID());
        for (String service : List.of("prompt-ui-service", "trainer-service", "upm-service")) {
            Response r = given().header("Authorization", TestTokens.service(service, SELF)).get("/runs/" + job);
            assertThat(r.statusCode()).as(service).isEqualTo(403);
            assertThat(r.jsonPath().getString("field")).isEqualTo("Authorization");
        }
    }

    /** A job queued by {@code owner}, as trainer-service announces it (its first update carries the request). */
    private static String jobOf(String owner) {
        String jobId = "identity-" + UUID.randomUUID();
        Instant now = Instant.now();
        TrainingRequested request = new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, "ds-" + jobId, 1,
                ModelType.SENTIMENT_ANALYSIS, Priority.LOW, false, false, "Great -> positive", owner, now);
        kafka.send(new JobUpdate(Contracts.SCHEMA_VERSION, jobId, 0, JobStatus.QUEUED, null, null, null, null, Map.of(),
                Map.of(), "Queued", now, request, null), jobId);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", TestTokens.admin(SELF))
                .get("/runs/" + jobId).statusCode() == 200);
        return jobId;
    }

    private static int unauthorized(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("field")).isEqualTo("Authorization");
        return 1;
    }
}
