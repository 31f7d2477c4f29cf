package io.thunderline.ui.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.thunderline.contracts.EventCodec;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.ThunderlineInfraResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The page's assistant API (/api/assist/**): who may call it, what it sends the trainer (a stand-in that records the
 * calls) and how the trainer's answers come back in lines of the text area. Real PostgreSQL for the jobs.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(FakeServicesResource.class)
class AssistApiIT {
    static final String PROBLEM = "application/problem+json";
    /** Line 7 repeats line 3 exactly; line 6 is the one the (fake) trainer finds mislabelled. */
    static final String PROMPT = """
            Classify news:

            1. "The striker scored twice" -> sport
            2. "Parliament passed the budget" -> politics
            3. "The keeper saved a penalty" -> sport
            4. "Astronomers found a new planet" -> politics
            5. "The striker scored twice" -> sport
            """;

    @TestHTTPResource("/")
    URL root;

    static InfraEndpoints endpoints;

    @BeforeAll
    static void fakes() {
        endpoints = Infra.shared().endpoints();
        FakeServicesResource.TRAINER
                .on("POST /assist/suggestions", call -> call.body().contains("REFUSE")
                        ? FakeService.Reply.json(400, """
                        {"status":400,"title":"Bad Request","detail":"line 1 of 'examples' needs a text and a label","field":"examples[1]"}""")
                        : FakeService.Reply.json(200, """
                        {"checked":4,"suggestions":[
                         {"kind":"LIKELY_MISLABELLED","message":"'Astronomers found a new planet' is labelled politics but reads like science",
                          "examples":[3],"fix":{"action":"RELABEL","example":3,"label":"science"}},
                         {"kind":"IMBALANCE","message":"politics has 2 examples, sport 2","examples":[],"fix":null}]}"""))
                .on("POST /assist/labels", call -> FakeService.Reply.json(200, call.body().contains("\"jobId\":\"")
                        ? """
                        {"source":"job x","temperature":null,"calibrated":false,"proposals":[
                         {"index":0,"text":"Goal in extra time","label":"sport","confidence":0.9,
                          "alternatives":[{"label":"sport","probability":0.9},{"label":"politics","probability":0.06},{"label":"science","probability":0.04}]}]}"""
                        : """
                        {"source":"labelled lines","temperature":1.4,"calibrated":true,"proposals":[
                         {"index":1,"text":"The minister resigned","label":"politics","confidence":0.81,
                          "alternatives":[{"label":"politics","probability":0.81},{"label":"sport","probability":0.19}]},
                         {"index":0,"text":"Goal in extra time","label":"sport","confidence":0.64,
                          "alternatives":[{"label":"sport","probability":0.64},{"label":"politics","probability":0.36}]}]}"""));
    }

    String url(String path) {
        return root.toString().replaceAll("/$", "") + path;
    }

    static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, user).redirects().follow(false).contentType(ContentType.JSON);
    }

    static List<FakeService.Call> trainerCalls(String path) {
        return FakeServicesResource.TRAINER.calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    @Test
    void anonymousCallersAreAskedToSignIn() {
        int before = trainerCalls("/assist/labels").size() + trainerCalls("/assist/suggestions").size();
        given().contentType(ContentType.JSON).body(Map.of("text", PROMPT, "modelType", "text_classification"))
                .post(url("/api/assist/suggestions")).then().statusCode(401).contentType(PROBLEM);
        given().contentType(ContentType.JSON).body(Map.of("unlabelled", List.of("x"), "jobId", "j"))
                .post(url("/api/assist/labels")).then().statusCode(401).contentType(PROBLEM);
        given().auth().preemptive().basic("demo", "wrong").contentType(ContentType.JSON)
                .body(Map.of("text", PROMPT, "modelType", "text_classification"))
                .post(url("/api/assist/suggestions")).then().statusCode(401);
        assertThat(trainerCalls("/assist/labels").size() + trainerCalls("/assist/suggestions").size()).isEqualTo(before);
    }

    @Test
    @SuppressWarnings("unchecked")
    void suggestionsNameLinesOfTheTextAndCarryTheirFixes() throws Exception {
        Response r = as("demo").body(Map.of("text", PROMPT, "modelType", "text_classification"))
                .post(url("/api/assist/suggestions")).then().statusCode(200).extract().response();
        // the trainer got the examples the parser keeps (the exact repeat on line 7 is dropped), in order
        FakeService.Call call = trainerCalls("/assist/suggestions").get(trainerCalls("/assist/suggestions").size() - 1);
        Map<String, Object> sent = EventCodec.mapper().readValue(call.body(), Map.class);
        assertThat(sent.get("modelType")).isEqualTo("text_classification");
        assertThat((List<Map<String, String>>) sent.get("examples")).extracting(e -> e.get("text") + "|" + e.get("label"))
                .containsExactly("The striker scored twice|sport", "Parliament passed the budget|politics",
                        "The keeper saved a penalty|sport", "Astronomers found a new planet|politics");

        assertThat(r.jsonPath().getInt("checked")).isEqualTo(4);
        List<Map<String, Object>> found = r.jsonPath().getList("suggestions");
        assertThat(found).hasSize(3);
        assertThat(found.get(0)).containsEntry("kind", "DUPLICATE").containsEntry("lines", List.of(3, 7));
        assertThat((Map<String, Object>) found.get(0).get("fix")).containsEntry("action", "REMOVE")
                .containsEntry("line", 7).containsEntry("lastLine", 7)
                .containsEntry("original", "5. \"The striker scored twice\" -> sport");
        assertThat(found.get(1)).containsEntry("kind", "LIKELY_MISLABELLED").containsEntry("lines", List.of(6));
        assertThat((Map<String, Object>) found.get(1).get("fix")).containsEntry("action", "RELABEL")
                .containsEntry("line", 6).containsEntry("label", "science")
                .containsEntry("original", "4. \"Astronomers found a new planet\" -> politics")
                .containsEntry("replacement", "4. \"Astronomers found a new planet\" -> science");
        assertThat(found.get(2)).containsEntry("kind", "IMBALANCE").containsEntry("lines", List.of());
        assertThat(found.get(2).get("fix")).isNull();
    }

    @Test
    void proposalsFromTheLabelledLinesComeWithTheLabelsToChooseFrom() {
        as("demo").body(Map.of("text", PROMPT, "modelType", "text_classification",
                        "unlabelled", List.of("Goal in extra time\n\n", "  The minister resigned ")))
                .post(url("/api/assist/labels")).then().statusCode(200)
                .body("source", equalTo("labelled lines")).body("calibrated", equalTo(true))
                .body("labels", equalTo(List.of("politics", "sport")))
                .body("proposals[0].label", equalTo("politics")).body("proposals[0].confidence", equalTo(0.81f))
                .body("proposals[1].index", equalTo(0));
        String body = trainerCalls("/assist/labels").get(trainerCalls("/assist/labels").size() - 1).body();
        assertThat(body).contains("\"unlabelled\":[\"Goal in extra time\",\"The minister resigned\"]")
                .contains("{\"text\":\"Parliament passed the budget\",\"label\":\"politics\"}")
                .contains("\"jobId\":null");
    }

    @Test
    void aJobMustBeTheCallersOwnCompletedClassifierUnlessTheCallerIsAdmin() {
        String alices = "alice-" + UUID.randomUUID();
        String mine = "demo-" + UUID.randomUUID();
        String running = "demo-" + UUID.randomUUID();
        String chat = "demo-" + UUID.randomUUID();
        insertJob(alices, "alice", "text_classification", "completed");
        insertJob(mine, "demo", "sentiment_analysis", "completed");
        insertJob(running, "demo", "text_classification", "running");
        insertJob(chat, "demo", "general_chat", "completed");
        int before = trainerCalls("/assist/labels").size();

        as("demo").body(Map.of("unlabelled", List.of("Goal in extra time"), "jobId", alices))
                .post(url("/api/assist/labels")).then().statusCode(404).contentType(PROBLEM)
                .body("field", equalTo("jobId")).body("detail", containsString("No job " + alices + " of yours"));
        as("demo").body(Map.of("unlabelled", List.of("Goal in extra time"), "jobId", "no-such-job"))
                .post(url("/api/assist/labels")).then().statusCode(404).body("field", equalTo("jobId"));
        as("demo").body(Map.of("unlabelled", List.of("Goal in extra time"), "jobId", running))
                .post(url("/api/assist/labels")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("jobId")).body("detail", containsString("running"));
        as("demo").body(Map.of("unlabelled", List.of("Goal in extra time"), "jobId", chat))
                .post(url("/api/assist/labels")).then().statusCode(400)
                .body("field", equalTo("jobId")).body("detail", containsString("language model"));
        assertThat(trainerCalls("/assist/labels")).hasSize(before); // refused before the trainer is asked

        as("demo").body(Map.of("unlabelled", List.of("Goal in extra time"), "jobId", mine))
                .post(url("/api/assist/labels")).then().statusCode(200).body("source", equalTo("job x"))
                .body("labels", equalTo(List.of("politics", "science", "sport")));
        assertThat(trainerCalls("/assist/labels").get(trainerCalls("/assist/labels").size() - 1).body())
                .contains("\"jobId\":\"" + mine + "\"").contains("\"labelled\":[]");
        as("admin").body(Map.of("unlabelled", List.of("Goal in extra time"), "jobId", alices))
                .post(url("/api/assist/labels")).then().statusCode(200).body("proposals.size()", equalTo(1));
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        as("demo").body(Map.of("text", PROMPT, "modelType", "text_classification", "unlabelled", List.of(" ", "")))
                .post(url("/api/assist/labels")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("unlabelled"));
        as("demo").body(Map.of("text", PROMPT, "modelType", "poetry"))
                .post(url("/api/assist/suggestions")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("modelType"));
        as("demo").body(Map.of("text", "Classify:\n\"fine\" -> good\nno label here", "modelType", "text_classification"))
                .post(url("/api/assist/suggestions")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("promptText")).body("detail", containsString("line 3"));
        as("demo").body(Map.of("text", "\"a\" -> one\n\"b\" -> one", "modelType", "text_classification",
                        "unlabelled", List.of("c")))
                .post(url("/api/assist/labels")).then().statusCode(400).body("field", equalTo("promptText"))
                .body("detail", containsString("at least 2 labels"));
        as("demo").body(Map.of("text", "Task: x\nExpected: y", "modelType", "instruction_following",
                        "unlabelled", List.of("c")))
                .post(url("/api/assist/labels")).then().statusCode(400).body("field", equalTo("modelType"));
        // a refusal of the trainer names the page's field (its "examples[1]" is the text area here)
        as("demo").body(Map.of("text", "\"REFUSE\" -> a\n\"other\" -> b", "modelType", "text_classification"))
                .post(url("/api/assist/suggestions")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("promptText")).body("detail", containsString("needs a text and a label"));
        // a submission's source is "auto-label" or nothing
        as("demo").body(Map.of("promptText", PROMPT, "modelType", "text_classification", "source", "robot"))
                .post(url("/api/submissions")).then().statusCode(400).contentType(PROBLEM)
                .body("field", equalTo("source"));
    }

    static void insertJob(String jobId, String owner, String modelType, String status) {
        try (Connection c = DriverManager.getConnection(endpoints.pgJdbcUrl(), endpoints.pgUser(), endpoints.pgPassword());
             PreparedStatement s = c.prepareStatement("INSERT INTO ui.job_view (job_id, dataset_id, dataset_version, "
                     + "dataset_name, model_type, priority, created_by, status, last_seq, prompt_preview, submitted_at) "
                     + "VALUES (?, 'ds', 1, 'prompt_ds', ?, 'normal', ?, ?, -1, 'x', now())")) {
            s.setString(1, jobId);
            s.setString(2, modelType);
            s.setString(3, owner);
            s.setString(4, status);
            s.executeUpdate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
