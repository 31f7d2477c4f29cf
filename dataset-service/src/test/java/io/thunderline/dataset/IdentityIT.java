package io.thunderline.dataset;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.infra.TestAuth;
import io.thunderline.infra.TestTokens;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call dataset-service: nobody without a token of the deployment's key for this service; a person reaches
 * their own datasets, an admin all, trainer-service (for itself) reads a dataset and its CSV and nothing else.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class IdentityIT {
    private static final String SELF = "dataset-service";
    private static final String TEXT = "Task: Classify sentiment\nGreat value -> positive\nBroke in a day -> negative\n"
            + "Works fine -> positive\nNever again -> negative\n";

    @BeforeEach
    void noDefaultToken() {
        TestAuth.none();
    }

    @Test
    void withoutAValidTokenEveryCallIs401ProblemJson() {
        String owner = "owner-" + UUID.randomUUID();
        String id = create(owner);
        int refused = 0;
        for (String path : new String[]{"/datasets", "/datasets/" + id, "/datasets/" + id + "/versions",
                "/datasets/" + id + "/versions/1/csv", "/templates", "/no/such/path"}) {
            refused += unauthorized(given().get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.user(owner, "trainer-service")).get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.expired(owner, SELF)).get(path));
            refused += unauthorized(given().header("Authorization", TestTokens.foreignKey(SELF)).get(path));
            refused += unauthorized(given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get(path));
        }
        refused += unauthorized(given().contentType(ContentType.JSON).body(Map.of("text", TEXT,
                "modelType", "sentiment_analysis")).post("/datasets"));
        refused += unauthorized(given().delete("/datasets/" + id));
        // dataset-service takes no agent key: agents talk to upm-service only
        refused += unauthorized(given().header("X-Agent-Key", TestTokens.agentKey()).get("/templates"));
        assertThat(refused).isEqualTo(33);
        // health and metrics stay open to probes and Prometheus
        assertThat(given().get("/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(given().get("/q/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void aPersonReachesOnlyTheirOwnDatasets() {
        String alice = "alice-" + UUID.randomUUID();
        String bob = "bob-" + UUID.randomUUID();
        String id = create(alice);
        String asBob = TestTokens.user(bob, SELF);
        for (String path : new String[]{"/datasets/" + id, "/datasets/" + id + "/versions", "/datasets/" + id
                + "/versions/1", "/datasets/" + id + "/versions/1/csv", "/datasets/" + id + "/versions/1/text",
                "/datasets/" + id + "/versions/1/examples"}) {
            Response r = given().header("Authorization", asBob).get(path);
            assertThat(r.statusCode()).as(path + ": " + r.asString()).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("detail")).contains("of yours");
            assertThat(given().header("Authorization", TestTokens.user(alice, SELF)).get(path).statusCode())
                    .as(path).isEqualTo(200);
            assertThat(given().header("Authorization", TestTokens.admin(SELF)).get(path).statusCode())
                    .as(path).isEqualTo(200);
        }
        // the same answer as for an id that does not exist: ids cannot be probed
        assertThat(given().header("Authorization", asBob).get("/datasets/no-such-" + UUID.randomUUID())
                .jsonPath().getString("detail")).contains("of yours");
        // bob can neither add a version to alice's dataset nor delete it
        Response version = given().header("Authorization", asBob).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT + "Fine -> positive\n", "modelType", "sentiment_analysis", "datasetId", id))
                .post("/datasets");
        assertThat(version.statusCode()).as(version.asString()).isEqualTo(404);
        assertThat(version.jsonPath().getString("field")).isEqualTo("datasetId");
        assertThat(given().header("Authorization", asBob).delete("/datasets/" + id).statusCode()).isEqualTo(404);
        assertThat(given().header("Authorization", TestTokens.user(alice, SELF)).get("/datasets/" + id).statusCode())
                .isEqualTo(200);
        // nor list hers, nor store a dataset in her name
        Response list = given().header("Authorization", asBob).queryParam("createdBy", alice).get("/datasets");
        assertThat(list.statusCode()).isEqualTo(403);
        assertThat(list.jsonPath().getString("field")).isEqualTo("createdBy");
        assertThat(given().header("Authorization", asBob).get("/datasets").jsonPath().getLong("total")).isZero();
        Response forged = given().header("Authorization", asBob).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT, "modelType", "sentiment_analysis", "createdBy", alice)).post("/datasets");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.jsonPath().getString("field")).isEqualTo("createdBy");
        // alice's list is hers; the admin may list anyone's
        assertThat(given().header("Authorization", TestTokens.user(alice, SELF)).get("/datasets")
                .jsonPath().getList("items.datasetId", String.class)).containsExactly(id);
        assertThat(given().header("Authorization", TestTokens.admin(SELF)).queryParam("createdBy", alice)
                .get("/datasets").jsonPath().getList("items.datasetId", String.class)).containsExactly(id);
        // and the admin may delete it
        assertThat(given().header("Authorization", TestTokens.admin(SELF)).delete("/datasets/" + id).statusCode())
                .isEqualTo(204);
    }

    @Test
    void trainerServiceReadsDatasetsForItselfAndNothingElse() {
        String id = create("carol-" + UUID.randomUUID());
        String trainer = TestTokens.service("trainer-service", SELF);
        assertThat(given().header("Authorization", trainer).get("/datasets/" + id).statusCode()).isEqualTo(200);
        Response csv = given().header("Authorization", trainer).get("/datasets/" + id + "/versions/1/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.asString()).contains("Great value");
        assertThat(given().header("Authorization", trainer).get("/datasets").statusCode()).isEqualTo(403);
        assertThat(given().header("Authorization", trainer).delete("/datasets/" + id).statusCode()).isEqualTo(404);
        assertThat(given().header("Authorization", trainer).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT, "modelType", "sentiment_analysis")).post("/datasets").statusCode())
                .isEqualTo(403);
        // another service has no business here
        assertThat(given().header("Authorization", TestTokens.service("tracking-service", SELF))
                .get("/datasets/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aPersonsDatasetIsRecordedAsTheirsWhateverTheyLeaveOut() {
        String dave = "dave-" + UUID.randomUUID();
        String id = create(dave);
        Response d = given().header("Authorization", TestTokens.admin(SELF)).get("/datasets/" + id);
        assertThat(d.jsonPath().getString("metadata.created_by")).isEqualTo(dave);
    }

    /** A dataset stored by {@code owner} with their own token and no createdBy field. */
    private static String create(String owner) {
        Response r = given().header("Authorization", TestTokens.user(owner, SELF)).contentType(ContentType.JSON)
                .body(Map.of("text", TEXT, "modelType", "sentiment_analysis")).post("/datasets");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getString("datasetId");
    }

    private static int unauthorized(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("field")).isEqualTo("Authorization");
        assertThat(r.jsonPath().getString("detail")).isNotBlank();
        return 1;
    }
}
