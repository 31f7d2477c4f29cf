package io.thunderline.dataset;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.contracts.ModelType;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The templates library seeded by V3: per model type, the guide's two prompts among them, every one valid. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class TemplatesIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("dataset-service");
    }


    @Test
    void severalTemplatesPerModelTypeEachValid() {
        for (ModelType type : ModelType.values()) {
            Response r = given().queryParam("modelType", type.wireName()).get("/templates");
            assertThat(r.statusCode()).isEqualTo(200);
            List<Map<String, Object>> templates = r.jsonPath().getList("$");
            assertThat(templates).as(type.wireName()).hasSizeGreaterThanOrEqualTo(3);
            for (Map<String, Object> t : templates) {
                assertThat(t.get("modelType")).isEqualTo(type.wireName());
                assertThat((String) t.get("description")).isNotBlank();
                Response preview = given().contentType(ContentType.JSON)
                        .body(Map.of("text", t.get("text"), "modelType", type.wireName())).post("/datasets/preview");
                assertThat(preview.jsonPath().getBoolean("ok")).as("template %s: %s", t.get("id"), preview.asString())
                        .isTrue();
                assertThat(preview.jsonPath().getList("warnings")).as("template %s", t.get("id")).isEmpty();
            }
        }
        assertThat(given().get("/templates").jsonPath().getList("id")).hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    void theGuidesExamplesAreThere() {
        Response sentiment = given().get("/templates/guide-customer-sentiment");
        assertThat(sentiment.statusCode()).isEqualTo(200);
        assertThat(sentiment.jsonPath().getString("text")).startsWith(String.join("\n",
                "Classify customer sentiment:", "", "1. \"I love this product!\" -> positive",
                "2. \"Not what I expected\" -> negative", "3. \"It works fine\" -> neutral"));
        assertThat(sentiment.jsonPath().getString("description")).contains("one example per class");
        Response preview = given().contentType(ContentType.JSON)
                .body(Map.of("text", sentiment.jsonPath().getString("text"), "modelType", "sentiment_analysis"))
                .post("/datasets/preview");
        assertThat(preview.jsonPath().getMap("labels")).containsOnlyKeys("positive", "negative", "neutral");
        assertThat(preview.jsonPath().getString("task")).isEqualTo("Classify customer sentiment");

        Response summarize = given().get("/templates/guide-summarize");
        assertThat(summarize.jsonPath().getString("modelType")).isEqualTo("instruction_following");
        assertThat(summarize.jsonPath().getString("text")).isEqualTo(String.join("\n", "Instruction following:", "",
                "Task: Summarize the following text", "Input: [long text here]", "Expected: [short summary]"));
    }

    @Test
    void anUnknownModelTypeIsRefused() {
        Response r = given().queryParam("modelType", "regression").get("/templates");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("field")).isEqualTo("modelType");
    }
}
