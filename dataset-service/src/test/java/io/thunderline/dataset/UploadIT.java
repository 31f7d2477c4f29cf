package io.thunderline.dataset;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.parse.CanonicalCsv;
import io.thunderline.dataset.parse.CanonicalCsvChunks;
import io.thunderline.dataset.parse.CsvDatasetReader;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** CSV uploads of every type: stored, announced, exported as the canonical CSV of what was read. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class UploadIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("dataset-service");
    }

    static Response upload(String csv, ModelType type, Map<String, String> fields) {
        var request = given().multiPart("file", "reviews.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("modelType", type.wireName());
        for (var field : fields.entrySet()) {
            request = request.multiPart(field.getKey(), field.getValue());
        }
        return request.post("/datasets/upload");
    }

    static String canonical(String csv, ModelType type) throws IOException {
        return CanonicalCsv.toCsv(CsvDatasetReader.read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
                type, CsvDatasetReader.DEFAULT_MAX_BYTES));
    }

    @Test
    void anUploadIsStoredAndExported() throws IOException {
        // BOM, columns in another order, an extra column, quoting, a line break inside a value
        String csv = "\uFEFFlabel,text,source\r\n"
                + "positive,\"Great, really great\",web\r\n"
                + "positive,\"She said \"\"wow\"\"\",app\r\n"
                + "negative,\"Two lines\nof complaint\",web\r\n"
                + "negative,Meh,app\r\n";
        Response r = upload(csv, ModelType.SENTIMENT_ANALYSIS, Map.of("createdBy", "uploader@example.com",
                "description", "Reviews from the shop"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        String id = r.jsonPath().getString("datasetId");
        String expected = canonical(csv, ModelType.SENTIMENT_ANALYSIS);
        assertThat(r.jsonPath().getInt("rowCount")).isEqualTo(4);
        assertThat(r.jsonPath().getString("checksum")).isEqualTo(CanonicalCsvChunks.sha256(expected));
        assertThat(r.jsonPath().getList("warnings", String.class)).anyMatch(w -> w.contains("'source'"));

        Response got = given().get("/datasets/" + id);
        assertThat(got.jsonPath().getString("description")).isEqualTo("Reviews from the shop");
        assertThat(got.jsonPath().getString("metadata.source")).isEqualTo("csv_upload");
        assertThat(got.jsonPath().getString("metadata.created_by")).isEqualTo("uploader@example.com");
        assertThat(new String(given().get("/datasets/" + id + "/versions/1/csv").asByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Test
    void anUploadCanBeANewVersion() throws IOException {
        String v1 = "instruction,input,output\r\nTranslate to French,Good morning,Bonjour\r\nSay hi,,hi\r\n";
        String id = upload(v1, ModelType.INSTRUCTION_FOLLOWING, Map.of()).jsonPath().getString("datasetId");
        String v2 = "instruction,output\r\nSay hi,hi\r\nSay bye,bye\r\nCount to three,\"1, 2, 3\"\r\n";
        Response r = upload(v2, ModelType.INSTRUCTION_FOLLOWING, Map.of("datasetId", id));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.jsonPath().getInt("version")).isEqualTo(2);
        assertThat(r.jsonPath().getString("changeSummary")).isEqualTo("+2 examples, \u22121 example");
        assertThat(new String(given().get("/datasets/" + id + "/versions/2/csv").asByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(canonical(v2, ModelType.INSTRUCTION_FOLLOWING));
    }

    @Test
    void chatCsvWithoutHeader() throws IOException {
        String csv = "Hi,Hello! How can I help?\r\nWhere is my order?,It ships tomorrow.\r\n";
        Response r = upload(csv, ModelType.GENERAL_CHAT, Map.of());
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        assertThat(r.jsonPath().getList("warnings", String.class)).anyMatch(w -> w.contains("no header row"));
        String id = r.jsonPath().getString("datasetId");
        assertThat(new String(given().get("/datasets/" + id + "/versions/1/csv").asByteArray(), StandardCharsets.UTF_8))
                .isEqualTo(canonical(csv, ModelType.GENERAL_CHAT))
                .startsWith("prompt,response\r\n");
    }

    /**
     * Spreadsheet formulas (OWASP CSV injection): imported exactly as written (they are training text, and the
     * canonical CSV the trainer reads keeps its checksum), exported for people with a leading ' and every cell quoted.
     */
    @Test
    void formulaCellsAreStoredAsWrittenAndExportedForSpreadsheetsAsText() throws IOException {
        String csv = "text,label\r\n"
                + "\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",positive\r\n"
                + "+1 would buy again,positive\r\n"
                + "-2 stars broke at once,negative\r\n"
                + "@support nobody answers,negative\r\n"
                + "=cmd|' /C calc'!A0,neutral\r\n"
                + "plain and fine,neutral\r\n";
        Response r = upload(csv, ModelType.SENTIMENT_ANALYSIS, Map.of());
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
        String id = r.jsonPath().getString("datasetId");

        String canonical = new String(given().get("/datasets/" + id + "/versions/1/csv").asByteArray(), StandardCharsets.UTF_8);
        assertThat(canonical).isEqualTo(canonical(csv, ModelType.SENTIMENT_ANALYSIS)).contains("\r\n=cmd|");
        assertThat(given().get("/datasets/" + id + "/versions/1/examples").jsonPath().getList("items.fields.text", String.class))
                .contains("=HYPERLINK(\"http://evil.example\",\"click\")", "@support nobody answers");

        Response forPeople = given().get("/datasets/" + id + "/versions/1/csv?spreadsheet=true");
        assertThat(forPeople.statusCode()).isEqualTo(200);
        assertThat(forPeople.header("X-Checksum-SHA256")).isNull();
        String safe = new String(forPeople.asByteArray(), StandardCharsets.UTF_8);
        assertThat(safe).startsWith("\"text\",\"label\"\r\n")
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",\"positive\"")
                .contains("\"'+1 would buy again\"").contains("\"'-2 stars broke at once\"")
                .contains("\"'@support nobody answers\"").contains("\"'=cmd|' /C calc'!A0\"")
                .contains("\"plain and fine\",\"neutral\"");
        assertThat(safe.lines()).noneMatch(line -> line.matches("^\"?[=+\\-@].*"));

        given().get("/datasets/" + id + "/versions/1/csv?spreadsheet=maybe").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("spreadsheet"));
    }
}
