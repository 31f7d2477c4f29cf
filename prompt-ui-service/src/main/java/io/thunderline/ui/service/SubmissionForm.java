package io.thunderline.ui.service;

/**
 * The form of /training/prompt as posted by the page. {@code source} is {@value #AUTO_LABEL} when the text holds
 * lines whose proposed labels the signed-in user accepted (the page's auto-labelling), otherwise absent.
 * {@code datasetId} names the dataset (the user's own) whose next version the text becomes: "edit and retrain" of a
 * version on the dataset page; absent for a new dataset.
 */
public record SubmissionForm(String promptText, String modelType, String priority, Boolean useUpm, Boolean trackMlflow,
                             String source, String datasetId) {
    /** dataset-service's version source for text with accepted auto-labelled lines. */
    public static final String AUTO_LABEL = "auto-label";

    public SubmissionForm(String promptText, String modelType, String priority, Boolean useUpm, Boolean trackMlflow,
                          String source) {
        this(promptText, modelType, priority, useUpm, trackMlflow, source, null);
    }

    public SubmissionForm(String promptText, String modelType, String priority, Boolean useUpm, Boolean trackMlflow) {
        this(promptText, modelType, priority, useUpm, trackMlflow, null, null);
    }

    /** The dataset to add a version to, or null for a new dataset. */
    public String targetDataset() {
        return datasetId == null || datasetId.isBlank() ? null : datasetId.strip();
    }

    /** The source to store the dataset version with: {@value #AUTO_LABEL}, or null for ordinary prompt text. */
    public String datasetSource() {
        if (source == null || source.isBlank()) {
            return null;
        }
        if (AUTO_LABEL.equals(source.strip())) {
            return AUTO_LABEL;
        }
        throw new FormError("source", "Unknown source '" + source.strip() + "': leave it out, or send \"" + AUTO_LABEL
                + "\" when the text holds accepted auto-labelled lines.");
    }
}
