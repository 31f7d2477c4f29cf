package io.thunderline.trainer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.infra.KafkaTestClient;
import io.thunderline.infra.TestAuth;
import io.thunderline.infra.TestTokens;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may call trainer-service: nobody without a token of the deployment's key for this service (the issue's
 * "cancel the admin's job with no credentials" is a 401 now); a person reaches their own jobs, an admin all;
 * tracking-service fetches model files, the page's own token reads the queue's state, nothing more.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(DatasetFixture.class)
class IdentityIT {
    private static final String SELF = "trainer-service";
    static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.shared();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @BeforeEach
    void noDefaultToken() {
        TestAuth.none();
    }

    @Test
    void withoutAValidTokenEveryCallIs401ProblemJson() {
        String job = jobOf("admin");
        List<String> gets = List.of("/jobs", "/jobs/stats", "/jobs/" + job, "/jobs/" + job + "/trials",
                "/jobs/" + job + "/logs", "/workers", "/queue", "/deployments", "/schedules", "/models/" + job + "/file",
                "/predictions/" + UUID.randomUUID(), "/no/such/path");
        List<String> posts = List.of("/jobs/" + job + "/cancel", "/jobs/" + job + "/retry", "/queue/pause",
                "/models/" + job + "/predict", "/assist/suggestions", "/deployments");
        int refused = 0;
        for (String path : gets) {
            refused += unauthorized(given().get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.admin("dataset-service")).get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.expired("admin", SELF)).get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.foreignKey(SELF)).get(path));
        }
        for (String path : posts) {
            refused += unauthorized(given().contentType(ContentType.JSON).body("{}").post(path));
            refused += unauthorized(given().header("X-Agent-Key", TestTokens.agentKey()).contentType(ContentType.JSON)
                    .body("{}").post(path));
        }
        assertThat(refused).isEqualTo(gets.size() * 4 + posts.size() * 2);
        // the job was not cancelled by any of that
        assertThat(given().header("Authorization", TestTokens.admin(SELF)).get("/jobs/" + job)
                .jsonPath().getString("status")).isNotEqualTo("cancelled");
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aPersonReachesOnlyTheirOwnJobs() {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String job = jobOf(alice);
        String asBob = TestTokens.user(bob, SELF);
        for (String path : List.of("/jobs/" + job, "/jobs/" + job + "/trials", "/jobs/" + job + "/metrics",
                "/jobs/" + job + "/logs", "/models/" + job + "/file")) {
            Response r = given().header("Authorization", asBob).get(path);
            assertThat(r.statusCode()).as(path + ": " + r.asString()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("detail")).contains("of yours");
        }
        for (String action : List.of("cancel", "retry")) {
            Response r = given().header("Authorization", asBob).post("/jobs/" + job + "/" + action);
            assertThat(r.statusCode()).as(action + ": " + r.asString()).isEqualTo(404);
        }
        Response clone = given().header("Authorization", asBob).contentType(ContentType.JSON).body("{}")
                .post("/jobs/" + job + "/clone");
        assertThat(clone.statusCode()).as(clone.asString()).isEqualTo(404);
        // the same answer as for a job that does not exist
        assertThat(given().header("Authorization", asBob).get("/jobs/no-such-" + UUID.randomUUID())
                .jsonPath().getString("detail")).contains("of yours");
        // her job, her token; and the admin's
        assertThat(given().header("Authorization", TestTokens.user(alice, SELF)).get("/jobs/" + job)
                .jsonPath().getString("createdBy")).isEqualTo(alice);
        assertThat(given().header("Authorization", TestTokens.admin(SELF)).get("/jobs/" + job).statusCode())
                .isEqualTo(200);
        // lists: a person's own only
        Response listHers = given().header("Authorization", asBob).queryParam("createdBy", alice).get("/jobs");
        assertThat(listHers.statusCode()).isEqualTo(403);
        assertThat(listHers.jsonPath().getString("field")).isEqualTo("createdBy");
        assertThat(given().header("Authorization", asBob).get("/jobs").jsonPath().getList("items.id", String.class))
                .doesNotContain(job);
        assertThat(given().header("Authorization", TestTokens.user(alice, SELF)).get("/jobs")
                .jsonPath().getList("items.id", String.class)).contains(job);
        // queue-wide actions are the admin's
        Response pause = given().header("Authorization", asBob).post("/queue/pause");
        assertThat(pause.statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", asBob).get("/queue").jsonPath().getBoolean("paused")).isFalse();
    }

    @Test
    void servicesGetWhatTheyNeedAndNoMore() {
        String job = jobOf("erin-" + UUID.randomUUID());
        // tracking-service fetches model files (a failed job has none: the trainer's own 404, not "of yours")
        Response file = given().header("Authorization", TestTokens.service("tracking-service", SELF))
                .get("/models/" + job + "/file");
        assertThat(file.statusCode()).as(file.asString()).isNotIn(401, 403);
        assertThat(file.asString()).doesNotContain("of yours");
        assertThat(given().header("Authorization", TestTokens.service("tracking-service", SELF)).get("/jobs/" + job)
                .statusCode()).isEqualTo(403);
        // the page's own token (its badges) reads workers and stats, not jobs
        String page = TestTokens.service("prompt-ui-service", SELF);
        assertThat(given().header("Authorization", page).get("/workers").statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", page).get("/jobs/stats").statusCode()).isEqualTo(200);
        assertThat(given().header("Authorization", page).get("/jobs").statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", page).post("/jobs/" + job + "/cancel").statusCode()).isEqualTo(403);
    }

    /** A job created by {@code owner} (its dataset does not exist, so it fails at once: still a job with an owner). */
    private static String jobOf(String owner) {
        String jobId = "identity-" + UUID.randomUUID();
        kafka.send(new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, "ds-missing-" + UUID.randomUUID(), 1,
                ModelType.SENTIMENT_ANALYSIS, Priority.LOW, false, false, "Great -> positive", owner, Instant.now()),
                jobId);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", TestTokens.admin(SELF))
                .get("/jobs/" + jobId).statusCode() == 200);
        return jobId;
    }

    private static int unauthorized(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("field")).isEqualTo("Authorization");
        return 1;
    }

}
