package io.thunderline.ui.service;

/** What the page gets back after a submission: enough to show the job at the top of the list at once. */
public record Submitted(String jobId, String datasetId, String datasetName, int datasetVersion, int examples,
                        String modelType, String priority, String submittedAt) {
}
