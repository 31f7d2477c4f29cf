package io.thunderline.trainer.repository;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;

/** A job as stored in the queue. */
public record JobRow(String id, String datasetId, int datasetVersion, ModelType modelType, Priority priority,
                     JobStatus status, Integer phase, int attempts, int maxAttempts, boolean useUpm, boolean trackMlflow,
                     String promptPreview, String createdBy, Instant createdAt, Instant startedAt, Instant finishedAt,
                     String workerId, Instant heartbeatAt, String error) {

    static JobRow from(Row row) {
        return new JobRow(row.getString("id"), row.getString("dataset_id"), row.getInteger("dataset_version"),
                ModelType.fromWire(row.getString("model_type")), PriorityCodes.priority(row.getShort("priority")),
                JobStatus.fromWire(row.getString("status")), toInteger(row.getShort("phase")), row.getInteger("attempts"),
                row.getInteger("max_attempts"), row.getBoolean("use_upm"), row.getBoolean("track_mlflow"),
                row.getString("prompt_preview"), row.getString("created_by"), instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("started_at")), instant(row.getOffsetDateTime("finished_at")),
                row.getString("worker_id"), instant(row.getOffsetDateTime("heartbeat_at")), row.getString("error"));
    }

    /** The request this job was made from, as stored (its requestedAt is the job's createdAt). */
    public TrainingRequested request() {
        return new TrainingRequested(Contracts.SCHEMA_VERSION, id, datasetId, datasetVersion, modelType, priority, useUpm,
                trackMlflow, promptPreview, createdBy, createdAt);
    }

    private static Integer toInteger(Short s) {
        return s == null ? null : s.intValue();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
