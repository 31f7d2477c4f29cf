package io.thunderline.trainer.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/** What the trainer reads of dataset-service's GET /datasets/{id}: its type, newest version and whether it was deleted. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetInfo(String datasetId, String name, String modelType, Integer latestVersion, Integer version,
                          Instant deletedAt, java.util.Map<String, String> metadata) {

    /** Who made the dataset (metadata.created_by): a schedule may be made only on one's own dataset. */
    public String createdBy() {
        return metadata == null ? null : metadata.get("created_by");
    }

    /** The newest version (older dataset-service builds answered with the latest version row itself). */
    public int latest() {
        return latestVersion != null ? latestVersion : version != null ? version : 0;
    }
}
