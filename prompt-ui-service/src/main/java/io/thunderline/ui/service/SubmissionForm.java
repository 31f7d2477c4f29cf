package io.thunderline.ui.service;

/** The form of /training/prompt as posted by the page. */
public record SubmissionForm(String promptText, String modelType, String priority, Boolean useUpm, Boolean trackMlflow) {
}
