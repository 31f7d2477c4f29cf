package io.thunderline.dataset;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.infra.ThunderlineInfraResource;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Refused input answers 400 {field, message, errors} and leaves no row in any table. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class RefusedInputIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("dataset-service");
    }

    @Inject
    Pool pool;

    static Response post(Object body) {
        return given().contentType(ContentType.JSON).body(body).post("/datasets");
    }

    static Response upload(byte[] csv, String modelType, String datasetId) {
        var request = given().multiPart("file", "data.csv", csv, "text/csv").multiPart("modelType", modelType)
                .multiPart("createdBy", "refused@example.com");
        if (datasetId != null) {
            request = request.multiPart("datasetId", datasetId);
        }
        return request.post("/datasets/upload");
    }

    static void assertRefused(Response r, int status, String field, String messagePart) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(r.jsonPath().getString("field")).isEqualTo(field);
        assertThat(r.jsonPath().getString("detail")).contains(messagePart);
    }

    @Test
    void refusedTextStoresNothing() {
        Map<String, Long> before = Tables.counts(pool);
        Response r = post(Map.of("text", "\"I love it\" -> positive\n\"Great\" -> positive", "modelType",
                "sentiment_analysis", "createdBy", "refused@example.com"));
        assertRefused(r, 400, "text", "only one class found ('positive')");
        assertThat(r.jsonPath().getList("errors.message")).contains(
                "only one class found ('positive'); a classifier needs at least 2");
        assertThat(r.jsonPath().getList("errors.hint")).contains("add examples with another label");

        Response noLabel = post(Map.of("text", "a -> x\nb -> x\nc ->\nd -> y\ne -> y", "modelType", "text_classification"));
        assertRefused(noLabel, 400, "text", "line 3");
        assertThat(noLabel.jsonPath().getInt("errors[0].line")).isEqualTo(3);

        assertRefused(post(Map.of("text", "", "modelType", "text_classification")), 400, "text",
                "the training text is empty");
        assertThat(Tables.counts(pool)).isEqualTo(before);
    }

    @Test
    void unknownOrMissingModelTypeNamesTheAcceptedValues() {
        Map<String, Long> before = Tables.counts(pool);
        assertRefused(post(Map.of("text", "a -> x", "modelType", "regression")), 400, "modelType",
                "unknown model type 'regression'; choose one of text_classification, sentiment_analysis, "
                        + "instruction_following, general_chat");
        assertRefused(post(Map.of("text", "a -> x")), 400, "modelType", "the model type is missing");
        assertRefused(upload("text,label\r\na,b\r\n".getBytes(StandardCharsets.UTF_8), "regression", null), 400,
                "modelType", "unknown model type");
        assertThat(Tables.counts(pool)).isEqualTo(before);
    }

    @Test
    void aFileRefusedAtItsLastRowStoresNothing() {
        // 2,500 good rows are inserted (in batches of 1,000) before the bad last row is read: all rolled back
        StringBuilder csv = new StringBuilder("text,label\r\n");
        for (int i = 0; i < 2500; i++) {
            csv.append("review number ").append(i).append(',').append(i % 2 == 0 ? "good" : "bad").append("\r\n");
        }
        csv.append("\"this quote is never closed,good\r\n");
        Map<String, Long> before = Tables.counts(pool);
        Response r = upload(csv.toString().getBytes(StandardCharsets.UTF_8), "text_classification", null);
        assertRefused(r, 400, "file", "line 2502: a quoted value that starts on this line is never closed");
        assertThat(Tables.counts(pool)).isEqualTo(before);
    }

    @Test
    void invalidUtf8AndNulBytesAreRefused() {
        Map<String, Long> before = Tables.counts(pool);
        byte[] latin1 = "text,label\r\ncaf\u00e9,good\r\nok,bad\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Response r = upload(latin1, "text_classification", null);
        assertRefused(r, 400, "file", "UTF-8");
        assertThat(r.jsonPath().getInt("errors[0].line")).isEqualTo(2);

        byte[] nul = "text,label\r\na\u0000b,good\r\n".getBytes(StandardCharsets.UTF_8);
        assertRefused(upload(nul, "text_classification", null), 400, "file", "NUL");
        assertRefused(upload(new byte[0], "text_classification", null), 400, "file", "the file is empty");
        assertThat(Tables.counts(pool)).isEqualTo(before);
    }

    @Test
    void aRefusedNewVersionLeavesTheDatasetAsItWas() {
        Response created = post(Map.of("text", DatasetLifecycleIT.V1, "modelType", "sentiment_analysis"));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.jsonPath().getString("datasetId");
        Map<String, Long> before = Tables.counts(pool);

        assertRefused(post(Map.of("text", "\"only\" -> positive\n\"one class\" -> positive", "modelType",
                "sentiment_analysis", "datasetId", id)), 400, "text", "only one class");
        assertRefused(post(Map.of("text", "User: hi\nAssistant: hello", "modelType", "general_chat", "datasetId", id)),
                400, "modelType", "dataset '" + id + "' holds sentiment_analysis examples, not general_chat");
        assertRefused(upload("text,label\r\n\"unclosed,x\r\n".getBytes(StandardCharsets.UTF_8), "sentiment_analysis", id),
                400, "file", "never closed");
        assertRefused(post(Map.of("text", DatasetLifecycleIT.V2, "modelType", "sentiment_analysis", "datasetId",
                "no-such-dataset")), 400, "datasetId", "no dataset with id 'no-such-dataset'");

        assertThat(Tables.counts(pool)).isEqualTo(before);
        assertThat(given().get("/datasets/" + id).jsonPath().getInt("latestVersion")).isEqualTo(1);
    }

    @Test
    void aDeletedDatasetGetsNoNewVersion() {
        String id = post(Map.of("text", DatasetLifecycleIT.V1, "modelType", "sentiment_analysis"))
                .jsonPath().getString("datasetId");
        assertThat(given().delete("/datasets/" + id).statusCode()).isEqualTo(204);
        Map<String, Long> before = Tables.counts(pool);
        assertRefused(post(Map.of("text", DatasetLifecycleIT.V2, "modelType", "sentiment_analysis", "datasetId", id)),
                409, "datasetId", "was deleted");
        assertThat(Tables.counts(pool)).isEqualTo(before);
    }

    @Test
    void aMissingOrBrokenBodyIsRefused() {
        assertRefused(given().contentType(ContentType.JSON).post("/datasets"), 400, "body", "no body");
        assertRefused(given().contentType(ContentType.JSON).body("{\"text\": ").post("/datasets"), 400, "body",
                "not valid JSON");
        assertRefused(given().multiPart("modelType", "text_classification").post("/datasets/upload"), 400, "file",
                "no file was uploaded");
    }
}
