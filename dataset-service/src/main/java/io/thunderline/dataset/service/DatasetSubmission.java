package io.thunderline.dataset.service;

/**
 * Prompt text a person submitted: the text, its model type (wire name), who they are, an optional description
 * and, to make a new version of an existing dataset instead of a new dataset, that dataset's id.
 */
public record DatasetSubmission(String text, String modelType, String createdBy, String description,
                                String datasetId) {
}
