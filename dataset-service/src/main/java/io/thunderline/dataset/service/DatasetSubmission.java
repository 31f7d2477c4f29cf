package io.thunderline.dataset.service;

/** What a person submitted as text: the prompt, its model type (wire name) and who they are. */
public record DatasetSubmission(String text, String modelType, String createdBy, String description) {
}
