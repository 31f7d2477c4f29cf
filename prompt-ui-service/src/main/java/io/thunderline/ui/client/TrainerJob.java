package io.thunderline.ui.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.qute.TemplateData;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** A job as the trainer lists it, read for a row of the admin dashboard. */
@TemplateData
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainerJob(String id, String status, String modelType, String priority, String createdBy, String createdAt,
                         String startedAt, String finishedAt, Integer phase, Integer attempts, String workerId,
                         String error) {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    /** Created, to the second, in UTC (the trainer sends microseconds). */
    public String createdShown() {
        return shown(createdAt);
    }

    static String shown(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return SHOWN.format(OffsetDateTime.parse(iso).atZoneSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            try {
                return SHOWN.format(Instant.parse(iso).atZone(ZoneOffset.UTC));
            } catch (DateTimeParseException again) {
                return iso;
            }
        }
    }

    public String shortId() {
        return TrainerApi.shortId(id);
    }

    public boolean cancellable() {
        return "queued".equals(status) || "running".equals(status);
    }

    /** Failed and cancelled jobs are retried; a completed one is run again as a new job. */
    public boolean retryable() {
        return "failed".equals(status) || "cancelled".equals(status) || "completed".equals(status);
    }
}
