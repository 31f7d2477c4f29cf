package io.thunderline.contracts;

import java.time.Instant;

/** training.requests: the page asks the trainer to train a model on a stored dataset version. */
public record TrainingRequested(
        int schemaVersion,
        String jobId,
        String datasetId,
        int datasetVersion,
        ModelType modelType,
        Priority priority,
        boolean useUpm,
        boolean trackMlflow,
        String promptPreview,
        String createdBy,
        Instant requestedAt) {

    public TrainingRequested {
        Require.schemaVersion(schemaVersion);
        Require.present(jobId, "jobId");
        Require.present(datasetId, "datasetId");
        Require.atLeast(datasetVersion, 1, "datasetVersion");
        Require.present(modelType, "modelType");
        Require.present(priority, "priority");
        Require.present(createdBy, "createdBy");
        Require.present(requestedAt, "requestedAt");
        promptPreview = Contracts.preview(promptPreview);
    }
}
