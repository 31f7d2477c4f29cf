package io.thunderline.dataset;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Listing with filters and paging, soft delete, and 404s that say what was not found. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class ListingIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("dataset-service");
    }

    static final String CHAT = "User: Hi\nAssistant: Hello!";

    static String create(String text, String type, String user) {
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("text", text, "modelType", type, "createdBy", user)).post("/datasets");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getString("datasetId");
    }

    @Test
    void filtersPagingAndSoftDelete() {
        String user = "lister-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(DatasetLifecycleIT.V1.replace("Best purchase this year", "Best purchase " + i),
                    "sentiment_analysis", user));
        }
        String chat = create(CHAT, "general_chat", user);

        Response all = given().queryParam("createdBy", user).get("/datasets");
        assertThat(all.jsonPath().getLong("total")).isEqualTo(4);
        // newest first
        assertThat(all.jsonPath().getList("items.datasetId", String.class))
                .containsExactly(chat, ids.get(2), ids.get(1), ids.get(0));

        Response sentiment = given().queryParam("createdBy", user).queryParam("modelType", "sentiment_analysis")
                .queryParam("limit", 2).queryParam("offset", 1).get("/datasets");
        assertThat(sentiment.jsonPath().getLong("total")).isEqualTo(3);
        assertThat(sentiment.jsonPath().getInt("limit")).isEqualTo(2);
        assertThat(sentiment.jsonPath().getList("items.datasetId", String.class)).containsExactly(ids.get(1), ids.get(0));
        assertThat(sentiment.jsonPath().getList("items.latest.rowCount", Integer.class)).containsExactly(4, 4);

        assertThat(given().delete("/datasets/" + ids.get(1)).statusCode()).isEqualTo(204);
        assertThat(given().delete("/datasets/" + ids.get(1)).statusCode()).isEqualTo(204); // idempotent
        Response afterDelete = given().queryParam("createdBy", user).get("/datasets");
        assertThat(afterDelete.jsonPath().getLong("total")).isEqualTo(3);
        assertThat(afterDelete.jsonPath().getList("items.datasetId", String.class)).doesNotContain(ids.get(1));

        // still readable by id, with its versions and CSV, since jobs refer to it
        Response deleted = given().get("/datasets/" + ids.get(1));
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.jsonPath().getString("deletedAt")).isNotNull();
        assertThat(given().get("/datasets/" + ids.get(1) + "/versions/1/csv").statusCode()).isEqualTo(200);
    }

    @Test
    void badListParametersAreRefused() {
        Response limit = given().queryParam("limit", 0).get("/datasets");
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(limit.jsonPath().getString("field")).isEqualTo("limit");
        assertThat(limit.jsonPath().getString("detail")).contains("use a limit from 1 to 500");
        assertThat(given().queryParam("offset", "x").get("/datasets").jsonPath().getString("field")).isEqualTo("offset");
        assertThat(given().queryParam("modelType", "nope").get("/datasets").jsonPath().getString("field"))
                .isEqualTo("modelType");
    }

    @Test
    void notFoundAnswersSayWhatIsMissing() {
        String id = create(CHAT, "general_chat", "finder");
        assertNotFound(given().get("/datasets/nope"), "no dataset with id 'nope'");
        assertNotFound(given().get("/datasets/nope/versions"), "no dataset with id 'nope'");
        assertNotFound(given().get("/datasets/" + id + "/versions/2"), "dataset '" + id + "' has no version 2");
        assertNotFound(given().get("/datasets/" + id + "/versions/2/csv"), "dataset '" + id + "' has no version 2");
        assertNotFound(given().get("/datasets/" + id + "/versions/x/examples"), "has no version 'x'");
        assertNotFound(given().delete("/datasets/nope"), "no dataset with id 'nope'");
        assertNotFound(given().get("/templates/nope"), "no template with id 'nope'");
        assertNotFound(given().get("/no-such-path"), "nothing at /no-such-path");
    }

    static void assertNotFound(Response r, String message) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getString("title")).isEqualTo("Not Found");
        assertThat(r.jsonPath().getString("detail")).contains(message);
        assertThat(r.jsonPath().getList("errors")).isEmpty();
    }
}
