package io.thunderline.trainer;

import org.junit.jupiter.api.BeforeEach;
import io.thunderline.infra.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.model.ModelFile;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchSpace;
import io.thunderline.ml.train.ClassifierTraining;
import io.thunderline.ml.train.TrainingProgress;
import io.thunderline.trainer.repository.ModelRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Auto-labelling and prompt suggestions over REST (issue 22), with the real sentence encoder and PostgreSQL. */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
class AssistIT {
    /** Calls as an admin: this class tests what the service does, IdentityIT who may call it. */
    @BeforeEach
    void callAsAdmin() {
        TestAuth.asAdmin("trainer-service");
    }

    static final List<String[]> NEWS = io.thunderline.infra.NewsLines.THREE_TOPICS;
    static final List<String> FRESH = List.of(
            "Scientists sequenced the genome of an ancient wheat variety",
            "The midfielder signed a new three-year contract",
            "The finance minister defended the tax plan in parliament");

    @Inject
    Pool pool;

    @Inject
    ModelRepository models;

    static List<Map<String, String>> examples(List<String[]> rows) {
        return rows.stream().map(r -> Map.of("text", r[0], "label", r[1])).toList();
    }

    @Test
    void unlabelledLinesGetALabelAndAConfidenceFromTheLabelledOnes() {
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("labelled", examples(NEWS), "unlabelled", FRESH))
                .post("/assist/labels").then().statusCode(200).body("source", equalTo("labelled lines"))
                .body("calibrated", equalTo(true)).extract().response();
        List<Map<String, Object>> proposals = r.jsonPath().getList("proposals");
        assertThat(proposals).hasSize(3);
        List<Double> confidences = proposals.stream().map(p -> ((Number) p.get("confidence")).doubleValue()).toList();
        assertThat(confidences).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        List<String> expected = List.of("science", "sport", "politics");
        long right = proposals.stream().filter(p -> expected.get((Integer) p.get("index")).equals(p.get("label"))).count();
        assertThat(right).as("proposals %s", proposals).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTrainedJobsModelCanProposeInstead() throws Exception {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        NEWS.forEach(r -> {
            texts.add(r[0]);
            labels.add(r[1]);
        });
        ClassifierTraining.Settings settings = ClassifierTraining.Settings.defaults(texts.size())
                .withSpace(SearchSpace.defaults().toBuilder().moieties(1).tries(1).epochs(3).build())
                .withBudgetMillis(20_000);
        ClassifierTraining.Result trained = new ClassifierTraining(settings).train(new LabeledData(texts, labels),
                TrainingProgress.printing(System.err), CancellationToken.none());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFile.save(trained.model(), bytes);
        String jobId = "assist-" + UUID.randomUUID();
        // a finished job that owns the model (never claimable: completed)
        pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO jobs (id, dataset_id, dataset_version, model_type, "
                        + "priority, status, use_upm, track_mlflow, created_by) VALUES ($1, 'ds', 1, "
                        + "'text_classification', 1, 'completed', false, false, 'assist-it')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(jobId))
                .flatMap(v -> models.save(tx, new ModelRepository.StoredModel(jobId, "classifier", bytes.toByteArray(),
                        "sha")))).await().atMost(Duration.ofSeconds(30));

        given().contentType(ContentType.JSON).body(Map.of("unlabelled", FRESH, "jobId", jobId))
                .post("/assist/labels").then().statusCode(200).body("source", equalTo("job " + jobId))
                .body("calibrated", equalTo(false)).body("proposals.size()", equalTo(3))
                .body("proposals[0].alternatives.size()", equalTo(3));
    }

    @Test
    @SuppressWarnings("unchecked")
    void suggestionsNameTheFlippedLabelAndTheDuplicateWithTheirFixes() {
        List<String[]> rows = new ArrayList<>(NEWS);
        rows.set(9, new String[]{NEWS.get(9)[0], "sport"});                   // a science line labelled sport
        rows.add(new String[]{"the striker  scored twice in the second half", "sport"}); // line 0 again
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("modelType", "text_classification", "examples", examples(rows)))
                .post("/assist/suggestions").then().statusCode(200).body("checked", equalTo(13))
                .extract().response();
        List<Map<String, Object>> found = r.jsonPath().getList("suggestions");
        assertThat(found).as("%s", found).anySatisfy(s -> {
            assertThat(s.get("kind")).isEqualTo("DUPLICATE");
            assertThat(s.get("examples")).isEqualTo(List.of(0, 12));
            assertThat((Map<String, Object>) s.get("fix")).containsEntry("action", "REMOVE").containsEntry("example", 12);
        });
        assertThat(found).anySatisfy(s -> {
            assertThat(s.get("kind")).isEqualTo("LIKELY_MISLABELLED");
            assertThat(s.get("examples")).isEqualTo(List.of(9));
            assertThat((Map<String, Object>) s.get("fix")).containsEntry("action", "RELABEL").containsEntry("example", 9)
                    .containsEntry("label", "science");
        });
    }

    @Test
    void instructionSetsAreCheckedForConflictingAnswers() {
        List<Map<String, String>> pairs = List.of(
                Map.of("prompt", "Translate to French: thank you", "response", "Merci."),
                Map.of("prompt", "Translate to French: good night", "response", "Bonne nuit."),
                Map.of("prompt", "Translate to French: thank you", "response", "Merci beaucoup."));
        given().contentType(ContentType.JSON).body(Map.of("modelType", "instruction_following", "pairs", pairs))
                .post("/assist/suggestions").then().statusCode(200)
                .body("suggestions[0].kind", equalTo("CONFLICTING_DUPLICATE"))
                .body("suggestions[0].examples", equalTo(List.of(0, 2)));
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("labelled", examples(NEWS.subList(0, 4)), "unlabelled", FRESH))
                .post("/assist/labels").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("labelled"));
        given().contentType(ContentType.JSON).body(Map.of("labelled", examples(NEWS), "unlabelled", List.of()))
                .post("/assist/labels").then().statusCode(400).body("field", equalTo("unlabelled"));
        given().contentType(ContentType.JSON).body(Map.of("modelType", "poetry", "examples", examples(NEWS)))
                .post("/assist/suggestions").then().statusCode(400).body("field", equalTo("modelType"));
        given().contentType(ContentType.JSON).body(Map.of("modelType", "sentiment_analysis",
                        "examples", List.of(Map.of("text", "fine"))))
                .post("/assist/suggestions").then().statusCode(400).body("field", equalTo("examples[0]"));
        given().contentType(ContentType.JSON).body(Map.of("unlabelled", FRESH, "jobId", "no-such-job"))
                .post("/assist/labels").then().statusCode(404).body("field", equalTo("jobId"));
    }
}
