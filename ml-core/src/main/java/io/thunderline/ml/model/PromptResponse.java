package io.thunderline.ml.model;

/** One instruction (or chat turn) and the wanted answer. */
public record PromptResponse(String prompt, String response) {

    public PromptResponse {
        if (prompt == null || response == null) {
            throw new IllegalArgumentException("prompt and response are required");
        }
    }
}
