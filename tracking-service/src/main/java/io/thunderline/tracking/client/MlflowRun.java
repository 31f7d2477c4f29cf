package io.thunderline.tracking.client;

/** Where a run lives in MLflow. */
public record MlflowRun(String experimentId, String runId, String artifactUri) {
}
