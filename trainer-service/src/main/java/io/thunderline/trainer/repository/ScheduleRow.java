package io.thunderline.trainer.repository;

import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.vertx.mutiny.sqlclient.Row;

import java.time.Instant;
import java.time.OffsetDateTime;

/** A stored training schedule. */
public record ScheduleRow(String id, String datasetId, ModelType modelType, String cron, Priority priority, boolean useUpm,
                          boolean trackMlflow, String createdBy, Instant createdAt, boolean enabled, Instant nextRunAt,
                          Instant lastRunAt, String lastJobId, String lastError, long runs) {

    static ScheduleRow from(Row row) {
        return new ScheduleRow(row.getString("id"), row.getString("dataset_id"), ModelType.fromWire(row.getString("model_type")),
                row.getString("cron"), PriorityCodes.priority(row.getShort("priority")), row.getBoolean("use_upm"),
                row.getBoolean("track_mlflow"), row.getString("created_by"), instant(row.getOffsetDateTime("created_at")),
                row.getBoolean("enabled"), instant(row.getOffsetDateTime("next_run_at")),
                instant(row.getOffsetDateTime("last_run_at")), row.getString("last_job_id"), row.getString("last_error"),
                row.getLong("runs"));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
