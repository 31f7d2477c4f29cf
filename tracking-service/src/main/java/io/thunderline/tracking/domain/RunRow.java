package io.thunderline.tracking.domain;

import java.time.Instant;

/** What tracking-service knows about one job and its MLflow run. */
public record RunRow(String jobId, String status, long lastSeq, Boolean trackMlflow, String modelType, String priority,
                     Boolean useUpm, String datasetId, Integer datasetVersion, String createdBy, String promptPreview,
                     Instant requestedAt, String experimentId, String runId, String runUrl, String artifactUri,
                     String runState, Instant firstSeenAt) {

    public boolean hasRun() {
        return runId != null;
    }

    /** The request's facts as run params (empty while the request is not known). */
    public java.util.Map<String, String> requestParams() {
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        if (modelType == null) {
            return params;
        }
        params.put("model_type", modelType);
        params.put("priority", priority);
        params.put("use_upm", String.valueOf(useUpm));
        params.put("dataset_id", datasetId);
        params.put("dataset_version", String.valueOf(datasetVersion));
        return params;
    }

    /** MLflow run name: the dataset's name (prompt_&lt;id&gt;_&lt;model type&gt;) and its version. */
    public String runName() {
        return "prompt_" + datasetId + "_" + modelType + "_v" + datasetVersion;
    }
}
