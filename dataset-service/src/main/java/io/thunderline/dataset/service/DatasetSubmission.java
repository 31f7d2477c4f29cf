package io.thunderline.dataset.service;

/**
 * Prompt text a person submitted: the text, its model type (wire name), who they are, an optional description,
 * to make a new version of an existing dataset instead of a new dataset, that dataset's id, and where the text came
 * from: {@code "auto-label"} when it holds lines whose labels the person accepted from the page's auto-labelling
 * ({@code createdBy} is then the person who accepted them); left out for ordinary prompt text.
 */
public record DatasetSubmission(String text, String modelType, String createdBy, String description,
                                String datasetId, String source) {
    public DatasetSubmission(String text, String modelType, String createdBy, String description, String datasetId) {
        this(text, modelType, createdBy, description, datasetId, null);
    }
}
