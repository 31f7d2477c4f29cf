package io.thunderline.dataset;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.parse.CanonicalCsv;
import io.thunderline.dataset.parse.CanonicalCsvChunks;
import io.thunderline.dataset.parse.PromptParser;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Create → DatasetCreated once → get → new version → DatasetVersioned once → CSV export equals what was parsed. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class DatasetLifecycleIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("dataset-service");
    }

    static final String V1 = String.join("\n",
            "Classify customer sentiment:",
            "",
            "1. \"I love this product!\" -> positive",
            "2. \"Best purchase this year\" -> positive",
            "3. \"Not what I expected\" -> negative",
            "4. \"It broke after two days\" -> negative");
    /** Line 4 removed; two neutral examples and one more negative added. */
    static final String V2 = String.join("\n",
            "Classify customer sentiment:",
            "",
            "1. \"I love this product!\" -> positive",
            "2. \"Best purchase this year\" -> positive",
            "3. \"Not what I expected\" -> negative",
            "4. \"Customer service never answered\" -> negative",
            "5. \"It works fine\" -> neutral",
            "6. \"It does what the box says\" -> neutral");

    static Response submit(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/datasets");
    }

    static String canonical(String text, ModelType type) {
        return CanonicalCsv.toCsv(PromptParser.parse(text, type));
    }

    static String createdId(String text, ModelType type, String createdBy) {
        Response r = submit(Map.of("text", text, "modelType", type.wireName(), "createdBy", createdBy));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        return r.jsonPath().getString("datasetId");
    }

    @Test
    void createGetVersionAndExport() {
        String user = "lifecycle-" + UUID.randomUUID() + "@example.com";
        Response created = submit(Map.of("text", V1, "modelType", "sentiment_analysis", "createdBy", user));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.jsonPath().getString("datasetId");
        String csv1 = canonical(V1, ModelType.SENTIMENT_ANALYSIS);
        assertThat(created.jsonPath().getString("name")).isEqualTo("prompt_" + id + "_sentiment_analysis");
        assertThat(created.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(created.jsonPath().getInt("rowCount")).isEqualTo(4);
        assertThat(created.jsonPath().getMap("labels")).containsExactly(Map.entry("negative", 2), Map.entry("positive", 2));
        assertThat(created.jsonPath().getString("checksum")).isEqualTo(CanonicalCsvChunks.sha256(csv1));
        assertThat(created.jsonPath().getString("changeSummary"))
                .isEqualTo("first version: 4 examples, labels: negative, positive");
        assertThat(created.header("Location")).endsWith("/datasets/" + id + "/versions/1");

        Response got = given().get("/datasets/" + id);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.jsonPath().getString("description")).isEqualTo("Classify customer sentiment");
        assertThat(got.jsonPath().getMap("metadata")).containsOnly(Map.entry("source", "prompt_interface"),
                Map.entry("model_type", "sentiment_analysis"), Map.entry("created_by", user));
        assertThat(got.jsonPath().getInt("latestVersion")).isEqualTo(1);
        assertThat(got.jsonPath().getString("latest.task")).isEqualTo("Classify customer sentiment");
        assertThat(got.jsonPath().getString("deletedAt")).isNull();

        Response versioned = submit(Map.of("text", V2, "modelType", "sentiment_analysis", "createdBy", user,
                "datasetId", id));
        assertThat(versioned.statusCode()).as(versioned.asString()).isEqualTo(201);
        assertThat(versioned.jsonPath().getString("datasetId")).isEqualTo(id);
        assertThat(versioned.jsonPath().getInt("version")).isEqualTo(2);
        assertThat(versioned.jsonPath().getString("changeSummary"))
                .isEqualTo("+3 examples, \u22121 example, labels added: neutral");
        String csv2 = canonical(V2, ModelType.SENTIMENT_ANALYSIS);
        assertThat(versioned.jsonPath().getString("checksum")).isEqualTo(CanonicalCsvChunks.sha256(csv2));

        assertThat(given().get("/datasets/" + id).jsonPath().getInt("latestVersion")).isEqualTo(2);
        Response list = given().get("/datasets/" + id + "/versions");
        assertThat(list.jsonPath().getList("version", Integer.class)).containsExactly(1, 2);
        assertThat(list.jsonPath().getList("rowCount", Integer.class)).containsExactly(4, 6);

        for (var expected : Map.of(1, csv1, 2, csv2).entrySet()) {
            Response export = given().get("/datasets/" + id + "/versions/" + expected.getKey() + "/csv");
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.contentType()).startsWith("text/csv");
            String body = new String(export.asByteArray(), StandardCharsets.UTF_8);
            assertThat(body).isEqualTo(expected.getValue());
            assertThat(export.header("X-Checksum-SHA256")).isEqualTo(CanonicalCsvChunks.sha256(body));
        }

        Response examples = given().queryParam("limit", 2).queryParam("offset", 4)
                .get("/datasets/" + id + "/versions/2/examples");
        assertThat(examples.jsonPath().getLong("total")).isEqualTo(6);
        assertThat(examples.jsonPath().getList("items.ordinal", Integer.class)).containsExactly(4, 5);
        assertThat(examples.jsonPath().getMap("items[0].fields"))
                .containsExactly(Map.entry("text", "It works fine"), Map.entry("label", "neutral"));
    }

    @Test
    void acceptedAutoLabelsMakeAVersionWithSourceAutoLabelAndWhoAcceptedThem() {
        String id = createdId(V1, ModelType.SENTIMENT_ANALYSIS, "writer");
        String accepted = V1 + "\n\"Arrived broken and late\" -> negative";
        Response v2 = submit(Map.of("text", accepted, "modelType", "sentiment_analysis", "datasetId", id,
                "createdBy", "accepter", "source", "auto-label"));
        assertThat(v2.statusCode()).as(v2.asString()).isEqualTo(201);
        assertThat(v2.jsonPath().getInt("version")).isEqualTo(2);
        Response version = given().get("/datasets/" + id + "/versions/2");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.jsonPath().getString("source")).isEqualTo("auto-label");
        assertThat(version.jsonPath().getString("createdBy")).isEqualTo("accepter");
        assertThat(given().get("/datasets/" + id + "/versions/1").jsonPath().getString("source"))
                .isEqualTo("prompt_interface");

        Response unknown = submit(Map.of("text", V1, "modelType", "sentiment_analysis", "source", "robot"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.jsonPath().getString("field")).isEqualTo("source");
        assertThat(unknown.jsonPath().getString("detail")).contains("robot");
    }

    @Test
    void resubmittingTheSameTextMakesNoVersion() {
        String id = createdId(V1, ModelType.SENTIMENT_ANALYSIS, "same-text");
        Response again = submit(Map.of("text", V1, "modelType", "sentiment_analysis", "datasetId", id));
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(again.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(again.jsonPath().getString("changeSummary")).isEqualTo("no changes: same examples as version 1");
        assertThat(given().get("/datasets/" + id + "/versions").jsonPath().getList("version", Integer.class))
                .containsExactly(1);

        // the model type may be left out of a new version: the dataset's is used
        Response next = given().contentType(ContentType.JSON).body(Map.of("text", V2, "datasetId", id)).post("/datasets");
        assertThat(next.statusCode()).as(next.asString()).isEqualTo(201);
        assertThat(next.jsonPath().getInt("version")).isEqualTo(2);

        assertThat(given().get("/datasets/" + id + "/versions").jsonPath().getList("version", Integer.class))
                .containsExactly(1, 2);
    }

    @Test
    void relabellingAndAChangedTaskAreSummarised() {
        String id = createdId(V1, ModelType.SENTIMENT_ANALYSIS, "relabel");
        String edited = V1.replace("Classify customer sentiment:", "Sentiment of product reviews:")
                .replace("\"Not what I expected\" -> negative", "\"Not what I expected\" -> neutral")
                + "\n5. \"Fine, nothing special\" -> neutral"
                + "\n6. \"Arrived broken\" -> negative";
        Response r = submit(Map.of("text", edited, "modelType", "sentiment_analysis", "datasetId", id));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.jsonPath().getString("changeSummary"))
                .isEqualTo("+2 examples, 1 relabelled, labels added: neutral, task changed");
        assertThat(given().get("/datasets/" + id + "/versions/2").jsonPath().getString("task"))
                .isEqualTo("Sentiment of product reviews");
    }

    @Test
    void instructionAndChatExportsEqualWhatWasParsed() {
        String instruction = String.join("\n",
                "Task: Translate to French", "Input: Good morning", "Expected: Bonjour", "",
                "Task: List the three primary colours", "Expected: Red, yellow and blue.", "",
                "Task: Extract the place", "Input: We meet in the Berlin office,", "room 4.", "Expected: Berlin office, room 4");
        String chat = String.join("\n",
                "User: Hi, my order has not arrived.", "Assistant: Could you give me the order number?",
                "User: 48213", "Assistant: It ships tomorrow.", "",
                "Q: Can I pay by card?", "A: Yes, \"all\" major cards.");
        for (var entry : Map.of(ModelType.INSTRUCTION_FOLLOWING, instruction, ModelType.GENERAL_CHAT, chat).entrySet()) {
            String id = createdId(entry.getValue(), entry.getKey(), "roundtrip");
            String expected = canonical(entry.getValue(), entry.getKey());
            Response export = given().get("/datasets/" + id + "/versions/1/csv");
            assertThat(new String(export.asByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected);
            Response got = given().get("/datasets/" + id);
            assertThat(got.jsonPath().getString("name")).isEqualTo("prompt_" + id + "_" + entry.getKey().wireName());
            assertThat(got.jsonPath().getString("latest.checksum")).isEqualTo(CanonicalCsvChunks.sha256(expected));
            assertThat(got.jsonPath().getMap("latest.labels")).isEmpty();
        }
    }
}
