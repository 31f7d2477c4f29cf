package io.thunderline.tracking;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.SnapshotEvent;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Snapshot events as upm-service sends them, for one family, at versions no other test (nor upm-service's own tests on
 * a shared broker) uses; and what tracking-service and MLflow say about them. Expected values are written by hand.
 */
final class UpmScript {
    final ModelType family;
    final String wire;
    /** The script's first version; the n-th snapshot is base + n - 1. */
    final long base;
    /**
     * Now, not earlier: the mirror serves the activation with the latest time, and on a shared broker upm-service's own
     * tests may have activated a version of the same family a minute ago.
     */
    final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);

    UpmScript(ModelType family) {
        this.family = family;
        this.wire = family.wireName();
        this.base = ThreadLocalRandom.current().nextLong(1_000_000L, 1_000_000_000_000L);
    }

    long v(int n) {
        return base + n - 1;
    }

    String snapshotId(int n) {
        return wire + "-v" + v(n);
    }

    String checksum(int n) {
        return "%064x".formatted(v(n));
    }

    int windows(int n) {
        return 5 * n;
    }

    /** Holdout metrics of the n-th snapshot (n ≤ 4): accuracy 0.7, 0.6, 0.8, 0.75 (they stay the same in all its events). */
    Map<String, Double> metrics(int n) {
        return Map.of("holdout_accuracy", accuracy(n), "holdout_log_loss", 1.0 - accuracy(n) / 2, "holdout_rows", 512.0,
                "examples", 100.0 * n);
    }

    double accuracy(int n) {
        return List.of(0.7, 0.6, 0.8, 0.75).get(n - 1);
    }

    /** The n-th snapshot's event of {@code status}, {@code seconds} after the script's start. */
    SnapshotEvent event(int n, SnapshotStatus status, SnapshotMode mode, int seconds) {
        return new SnapshotEvent(Contracts.SCHEMA_VERSION, snapshotId(n), family, v(n), checksum(n), windows(n),
                metrics(n), status, mode, t0.plusSeconds(seconds));
    }

    long at(int seconds) {
        return t0.plusSeconds(seconds).toEpochMilli();
    }

    String experimentName() {
        return "thunderline-upm-" + wire;
    }

    String runName(int n) {
        return "upm " + wire + " v" + v(n);
    }

    Map<String, String> params(int n) {
        return new TreeMap<>(Map.of("snapshot_id", snapshotId(n), "family", wire, "version", Long.toString(v(n)),
                "windows", Integer.toString(windows(n)), "checksum", checksum(n), "initial_mode", "shadow"));
    }

    /** GET /upm-runs/{family}/{version} once it answers with {@code runState} and nothing waits for the family. */
    JsonPath awaitRun(int n, String runState, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(300)).until(() -> {
            var r = RestAssured.given().get("/upm-runs/{family}/{version}", wire, v(n));
            return r.statusCode() == 200 && runState.equals(r.jsonPath().getString("runState")) && pending() == 0;
        });
        return view(n);
    }

    JsonPath view(int n) {
        return RestAssured.given().get("/upm-runs/{family}/{version}", wire, v(n)).then().statusCode(200)
                .extract().jsonPath();
    }

    /** This family's entry of GET /upm-runs/families (null until tracking-service has seen the family). */
    Map<String, Object> familyView() {
        JsonPath all = RestAssured.given().get("/upm-runs/families").then().statusCode(200).extract().jsonPath();
        return all.getMap("find { it.family == '" + wire + "' }");
    }

    /** The family's operations waiting for MLflow; -1 before tracking-service has seen the family. */
    long pending() {
        Map<String, Object> family = familyView();
        return family == null ? -1 : ((Number) family.get("pendingOperations")).longValue();
    }

    static Map<String, String> params(Run run) {
        return run.getData().getParamsList().stream()
                .collect(Collectors.toMap(Param::getKey, Param::getValue, (a, b) -> a, TreeMap::new));
    }

    static Map<String, String> tags(Run run) {
        return run.getData().getTagsList().stream()
                .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue, (a, b) -> a, TreeMap::new));
    }

    /** A metric's history in a run as [(step, value)], in step then time order. */
    static List<List<Double>> history(MlflowClient mlflow, String runId, String key) {
        return mlflow.getMetricHistory(runId, key).stream()
                .sorted(Comparator.comparingLong(Metric::getStep).thenComparingLong(Metric::getTimestamp))
                .map(m -> List.of((double) m.getStep(), m.getValue())).toList();
    }

    /** The same, only at this script's versions (the family's history run holds other tests' versions too). */
    List<List<Double>> ownHistory(MlflowClient mlflow, String runId, String key) {
        return history(mlflow, runId, key).stream().filter(p -> p.get(0) >= base && p.get(0) < base + 100).toList();
    }
}
