package io.thunderline.tracking;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reads what a real MLflow server holds for a job, and what tracking-service says about it. */
final class MlflowChecks {
    private MlflowChecks() {
    }

    static JsonPath runView(String jobId) {
        return RestAssured.given().get("/runs/{jobId}", jobId).then().statusCode(200).extract().jsonPath();
    }

    /** Waits until the job's run is in {@code state} with nothing waiting for MLflow. */
    static JsonPath awaitRunState(String jobId, String state, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(300)).until(() -> {
            var response = RestAssured.given().get("/runs/{jobId}", jobId);
            return response.statusCode() == 200 && state.equals(response.jsonPath().getString("state"))
                    && response.jsonPath().getLong("pendingOperations") == 0;
        });
        return runView(jobId);
    }

    /** Metric history per key as MLflow returns it: [(step, value)] in step (then time) order. */
    static Map<String, List<List<Double>>> histories(MlflowClient mlflow, String runId, Iterable<String> keys) {
        Map<String, List<List<Double>>> h = new TreeMap<>();
        for (String key : keys) {
            h.put(key, mlflow.getMetricHistory(runId, key).stream()
                    .sorted(Comparator.comparingLong(Metric::getStep).thenComparingLong(Metric::getTimestamp))
                    .map(m -> List.of((double) m.getStep(), m.getValue())).toList());
        }
        return h;
    }

    /** Everything the job's updates said is in MLflow, once, and the run is FINISHED with its artifacts. */
    static void assertMirrored(MlflowClient mlflow, String mlflowUrl, JobScript script, JsonPath view) throws Exception {
        String runId = view.getString("runId");
        String experimentId = view.getString("experimentId");
        Run run = mlflow.getRun(runId);

        assertThat(mlflow.getExperiment(experimentId).getName()).isEqualTo("thunderline-text_classification");
        assertThat(run.getInfo().getRunName()).isEqualTo(script.runName());
        assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.getInfo().getStartTime()).isEqualTo(script.requestedAt.toEpochMilli());
        assertThat(run.getInfo().getEndTime()).isEqualTo(script.last().at().toEpochMilli());

        Map<String, String> params = run.getData().getParamsList().stream()
                .collect(Collectors.toMap(Param::getKey, Param::getValue, (a, b) -> a, TreeMap::new));
        assertThat(params).isEqualTo(script.params);

        Map<String, String> tags = run.getData().getTagsList().stream()
                .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue, (a, b) -> a, TreeMap::new));
        assertThat(tags).containsEntry("thunderline.job_id", script.jobId)
                .containsEntry("created_by", "it@thunderline.test")
                .containsEntry("mlflow.user", "it@thunderline.test")
                .containsEntry("prompt_preview", "I love this product! -> positive")
                .containsEntry("thunderline.outcome", "All phases done")
                .containsEntry("thunderline.phase", "4 Evaluate and publish");

        Map<String, List<List<Double>>> expected = script.expectedHistories();
        assertThat(run.getData().getMetricsList().stream().map(Metric::getKey).collect(Collectors.toSet()))
                .as("metric names in MLflow").isEqualTo(expected.keySet());
        assertThat(histories(mlflow, runId, expected.keySet())).isEqualTo(expected);

        // artifacts: the model file from the update's modelUrl and the confusion matrix of the final update
        // (listed over REST: the Java client's listArtifacts would run the Python mlflow command line)
        assertThat(artifacts(mlflowUrl, runId, "")).contains("model", "confusion_matrix.json");
        assertThat(artifacts(mlflowUrl, runId, "model"))
                .containsExactly("model/" + ModelServer.modelFileName(script.jobId));
        String root = run.getInfo().getArtifactUri().substring("mlflow-artifacts:/".length());
        assertThat(download(mlflowUrl, root + "/model/" + ModelServer.modelFileName(script.jobId)))
                .isEqualTo(ModelServer.modelBytes(script.jobId));
        assertThat(new String(download(mlflowUrl, root + "/confusion_matrix.json"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(JobScript.CONFUSION_MATRIX);
    }

    static List<String> artifacts(String mlflowUrl, String runId, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(mlflowUrl
                        + "/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("list artifacts " + path).isEqualTo(200);
        List<String> files = new JsonPath(r.body()).getList("files.path", String.class);
        return files == null ? List.of() : files;
    }

    static byte[] download(String mlflowUrl, String path) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(mlflowUrl + "/api/2.0/mlflow-artifacts/artifacts/" + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as("GET artifact " + path).isEqualTo(200);
        return r.body();
    }

    /** The expected metrics as the compare endpoint shows them. */
    static Map<String, List<List<Double>>> fromCompare(String comparedJson, int index) {
        JsonPath compared = new JsonPath(comparedJson).using(new io.restassured.path.json.config.JsonPathConfig(
                io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
        Map<String, List<Map<String, Object>>> metrics = compared.getMap("[" + index + "].metrics");
        Map<String, List<List<Double>>> h = new TreeMap<>();
        metrics.forEach((k, points) -> h.put(k, points.stream()
                .map(p -> List.of(((Number) p.get("step")).doubleValue(), ((Number) p.get("value")).doubleValue()))
                .toList()));
        return h;
    }

}
