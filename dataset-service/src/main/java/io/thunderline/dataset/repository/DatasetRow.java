package io.thunderline.dataset.repository;

import io.thunderline.contracts.ModelType;

import java.time.Instant;

/** What the write path needs of an existing dataset (read under a row lock). */
public record DatasetRow(String id, String name, ModelType modelType, String description, Instant deletedAt,
                         int latestVersion) {
    public boolean deleted() {
        return deletedAt != null;
    }
}
