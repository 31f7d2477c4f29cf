package io.thunderline.dataset;

import io.thunderline.contracts.ModelType;

import java.time.Instant;
import java.util.Map;

/**
 * A dataset as callers see it: its name {@code prompt_<id>_<model_type>}, description, the guide's metadata
 * (source, model_type, created_by) and its latest version. A soft-deleted dataset has {@code deletedAt} set; it
 * is hidden from lists but stays readable by id, because jobs reference it.
 */
public record Dataset(String datasetId, String name, String description, ModelType modelType,
                      Map<String, String> metadata, Instant createdAt, Instant updatedAt, Instant deletedAt,
                      int latestVersion, DatasetVersion latest) {

    public static Map<String, String> metadata(String source, ModelType modelType, String createdBy) {
        return Map.of("source", source, "model_type", modelType.wireName(), "created_by", createdBy);
    }
}
