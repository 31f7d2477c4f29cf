package io.thunderline.dataset.service;

/**
 * The form fields that come with an uploaded CSV file: model type (wire name), who uploads it, an optional
 * description and, for a new version of an existing dataset, its id. {@code fileName} is only used in messages.
 */
public record UploadSubmission(String fileName, String modelType, String createdBy, String description,
                               String datasetId) {
}
