package io.thunderline.tracking.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;

/** The fields of trainer-service's job that a run needs (the rest is ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainerJob(String id, String datasetId, Integer datasetVersion, String modelType, String priority,
                         Boolean useUpm, Boolean trackMlflow, String promptPreview, String createdBy, Instant createdAt) {
}
