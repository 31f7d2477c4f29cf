package io.thunderline.ui.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

@io.quarkus.qute.TemplateData
/** A row of the admin dashboard, read from the trainer's job JSON (whatever extra fields it carries). */
public record AdminJob(String id, String status, String modelType, String priority, String createdBy, String createdAt,
                       String startedAt, String finishedAt, Integer phase, Integer attempts, String workerId,
                       String error) {

    public static AdminJob of(JsonNode j) {
        return new AdminJob(text(j, "id", "jobId"), text(j, "status"), text(j, "modelType"), text(j, "priority"),
                text(j, "createdBy"), text(j, "createdAt", "requestedAt"), text(j, "startedAt"), text(j, "finishedAt"),
                integer(j, "phase"), integer(j, "attempts"), text(j, "workerId"), text(j, "error"));
    }

    /** The trainer answers {items, total}; a bare array is read as all items. */
    public static List<AdminJob> items(JsonNode page) {
        JsonNode items = page != null && page.isArray() ? page : page == null ? null : page.get("items");
        List<AdminJob> out = new ArrayList<>();
        if (items != null) {
            items.forEach(j -> out.add(of(j)));
        }
        return out;
    }

    public static long total(JsonNode page) {
        if (page == null) {
            return 0;
        }
        return page.isArray() ? page.size() : page.path("total").asLong(items(page).size());
    }

    /** Created, to the second, in UTC (the trainer sends microseconds). */
    public String createdShown() {
        return shown(createdAt);
    }

    static String shown(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                    .format(java.time.OffsetDateTime.parse(iso).atZoneSameInstant(java.time.ZoneOffset.UTC));
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                        .format(java.time.Instant.parse(iso).atZone(java.time.ZoneOffset.UTC));
            } catch (java.time.format.DateTimeParseException again) {
                return iso;
            }
        }
    }

    public String shortId() {
        return id == null ? "" : id.length() > 8 ? id.substring(0, 8) : id;
    }

    public boolean cancellable() {
        return "queued".equals(status) || "running".equals(status);
    }

    /** Failed and cancelled jobs are retried; a completed one is run again as a new job. */
    public boolean retryable() {
        return "failed".equals(status) || "cancelled".equals(status) || "completed".equals(status);
    }

    private static String text(JsonNode j, String... names) {
        for (String n : names) {
            JsonNode v = j.get(n);
            if (v != null && !v.isNull()) {
                return v.asText();
            }
        }
        return null;
    }

    private static Integer integer(JsonNode j, String name) {
        JsonNode v = j.get(name);
        return v == null || v.isNull() || !v.canConvertToInt() ? null : v.asInt();
    }
}
