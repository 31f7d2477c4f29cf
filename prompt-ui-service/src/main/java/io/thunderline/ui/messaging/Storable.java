package io.thunderline.ui.messaging;

import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.TrainingRequested;

import java.util.Map;

/**
 * What PostgreSQL cannot store, found before an update is streamed: a page must not show an update that its history
 * will never hold. PostgreSQL text (and jsonb) cannot hold the NUL character.
 */
final class Storable {
    private Storable() {
    }

    static void check(JobUpdate u) {
        text("jobId", u.jobId());
        text("phaseName", u.phaseName());
        text("message", u.message());
        text("modelUrl", u.modelUrl());
        u.metrics().keySet().forEach(k -> text("metrics", k));
        for (Map.Entry<String, String> e : u.params().entrySet()) {
            text("params", e.getKey());
            text("params." + e.getKey(), e.getValue());
        }
        TrainingRequested r = u.request();
        if (r != null) {
            text("request.datasetId", r.datasetId());
            text("request.createdBy", r.createdBy());
            text("request.promptPreview", r.promptPreview());
        }
    }

    private static void text(String field, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new InvalidEventException("field '" + field + "' holds a NUL character (0x00), which PostgreSQL "
                    + "text cannot store");
        }
    }
}
