package io.thunderline.ui.service;

/**
 * The form of /training/prompt as posted by the page. {@code source} is {@value #AUTO_LABEL} when the text holds
 * lines whose proposed labels the signed-in user accepted (the page's auto-labelling), otherwise absent.
 */
public record SubmissionForm(String promptText, String modelType, String priority, Boolean useUpm, Boolean trackMlflow,
                             String source) {
    /** dataset-service's version source for text with accepted auto-labelled lines. */
    public static final String AUTO_LABEL = "auto-label";

    public SubmissionForm(String promptText, String modelType, String priority, Boolean useUpm, Boolean trackMlflow) {
        this(promptText, modelType, priority, useUpm, trackMlflow, null);
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
