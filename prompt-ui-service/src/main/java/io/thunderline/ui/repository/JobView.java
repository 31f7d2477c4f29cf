package io.thunderline.ui.repository;

import io.vertx.mutiny.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.Map;

/** A job as the page lists it: the submission plus what its latest update and its MLflow run said. */
@io.quarkus.qute.TemplateData
public record JobView(String jobId, String datasetId, Integer datasetVersion, String datasetName, String modelType,
                      String priority, String createdBy, String status, Integer phase, String phaseName, long lastSeq,
                      String message, Map<String, Object> metrics, String mlflowUrl, String mlflowState, Boolean useUpm,
                      Boolean trackMlflow, String promptPreview, OffsetDateTime submittedAt, OffsetDateTime startedAt,
                      OffsetDateTime finishedAt) {

    static JobView from(Row row) {
        Short phase = row.getShort("phase");
        return new JobView(row.getString("job_id"), row.getString("dataset_id"), row.getInteger("dataset_version"),
                row.getString("dataset_name"), row.getString("model_type"), row.getString("priority"),
                row.getString("created_by"), row.getString("status"), phase == null ? null : phase.intValue(),
                row.getString("phase_name"), row.getLong("last_seq"), row.getString("message"),
                row.getJsonObject("metrics").getMap(), row.getString("mlflow_url"), row.getString("mlflow_state"),
                row.getBoolean("use_upm"), row.getBoolean("track_mlflow"), row.getString("prompt_preview"),
                row.getOffsetDateTime("submitted_at"), row.getOffsetDateTime("started_at"),
                row.getOffsetDateTime("finished_at"));
    }

    /** Instruction following and general chat train a language model (streamed answers, no accuracy charts). */
    public boolean languageModel() {
        return "instruction_following".equals(modelType) || "general_chat".equals(modelType);
    }

    public boolean terminal() {
        return "completed".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }
}
