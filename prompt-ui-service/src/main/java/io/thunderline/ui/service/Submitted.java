package io.thunderline.ui.service;

/** What the page gets back after a submission: enough to show the job at once. */
public record Submitted(String jobId, String datasetId, String datasetName, int datasetVersion, int examples) {
}
