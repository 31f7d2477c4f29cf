package io.thunderline.dataset;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /datasets/{id}/diff and /versions/{v}/text on versions stored through POST /datasets. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class VersionDiffIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("dataset-service");
    }

    static final String V1 = String.join("\n", "Classify sentiment:", "", "\"I love it\" -> positive",
            "\"Great value\" -> positive", "\"It broke\" -> negative", "\"Awful\" -> negative", "\"Meh\" -> neutral",
            "\"So-so\" -> neutral");
    /** "Meh" relabelled, "So-so" removed, "Works fine" added. */
    static final String V2 = String.join("\n", "Classify sentiment:", "", "\"I love it\" -> positive",
            "\"Great value\" -> positive", "\"It broke\" -> negative", "\"Awful\" -> negative", "\"Meh\" -> positive",
            "\"Works fine\" -> positive");

    private static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/datasets");
    }

    @Test
    void diffOfTwoStoredVersions() {
        String user = "diff-" + UUID.randomUUID();
        Response first = post(Map.of("text", V1, "modelType", "sentiment_analysis", "createdBy", user));
        assertThat(first.statusCode()).as(first.asString()).isEqualTo(201);
        String id = first.jsonPath().getString("datasetId");
        Response second = post(Map.of("text", V2, "modelType", "sentiment_analysis", "createdBy", user, "datasetId", id));
        assertThat(second.statusCode()).as(second.asString()).isEqualTo(201);
        assertThat(second.jsonPath().getInt("version")).isEqualTo(2);

        Response diff = given().get("/datasets/" + id + "/diff?from=1&to=2");
        assertThat(diff.statusCode()).as(diff.asString()).isEqualTo(200);
        assertThat(diff.jsonPath().getString("modelType")).isEqualTo("sentiment_analysis");
        assertThat(diff.jsonPath().getList("added.fields.text")).containsExactly("Works fine");
        assertThat(diff.jsonPath().getList("removed.fields.text")).containsExactly("So-so");
        assertThat(diff.jsonPath().getList("changed.key.text")).containsExactly("Meh");
        assertThat(diff.jsonPath().getList("changed.before.label")).containsExactly("neutral");
        assertThat(diff.jsonPath().getList("changed.after.label")).containsExactly("positive");
        assertThat(diff.jsonPath().getInt("addedCount")).isEqualTo(1);
        assertThat(diff.jsonPath().getBoolean("truncated")).isFalse();

        Response back = given().get("/datasets/" + id + "/diff?from=2&to=1");
        assertThat(back.jsonPath().getList("added.fields.text")).containsExactly("So-so");
        assertThat(back.jsonPath().getList("removed.fields.text")).containsExactly("Works fine");

        Response limited = given().get("/datasets/" + id + "/diff?from=1&to=2&limit=1");
        // two differing examples on each side, one shown per side: "Meh" (relabelled, the first of both), and "there are more"
        assertThat(limited.jsonPath().getBoolean("truncated")).isTrue();
        assertThat(limited.jsonPath().getList("changed.key.text")).containsExactly("Meh");
        assertThat(limited.jsonPath().getList("added")).isEmpty();
        assertThat(limited.jsonPath().getList("removed")).isEmpty();
        Response text = given().get("/datasets/" + id + "/versions/1/text");
        assertThat(text.statusCode()).as(text.asString()).isEqualTo(200);
        assertThat(text.jsonPath().getString("text")).isEqualTo(V1);
        assertThat(text.jsonPath().getString("modelType")).isEqualTo("sentiment_analysis");
    }

    @Test
    void badParametersNameTheirField() {
        String id = post(Map.of("text", V1, "modelType", "sentiment_analysis", "createdBy", "x"))
                .jsonPath().getString("datasetId");
        for (var c : List.of(List.of("?from=one&to=2", "from"), List.of("?from=1", "to"), List.of("?from=1&to=0", "to"),
                List.of("?from=1&to=1&limit=9999", "limit"))) {
            Response r = given().get("/datasets/" + id + "/diff" + c.get(0));
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.jsonPath().getString("field")).isEqualTo(c.get(1));
        }
        Response missing = given().get("/datasets/" + id + "/diff?from=1&to=7");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.jsonPath().getString("detail")).contains("no version 7");
        assertThat(given().get("/datasets/nosuchdataset/diff?from=1&to=2").statusCode()).isEqualTo(404);
    }
}
