package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.List;
import java.util.Objects;

/**
 * Entry point for prompt text typed into the prompt page: checks the size and dispatches on the model type to
 * {@link ClassificationPromptParser}, {@link InstructionPromptParser} or {@link ChatPromptParser}.
 * Dataset-level checks (classes, counts, field sizes) are done by {@link DatasetValidator}.
 */
public final class PromptParser {

    private PromptParser() {
    }

    /** Parses with {@link Limits#defaults()} (at most 200,000 characters of text). */
    public static ParseResult parse(String text, ModelType type) {
        return parse(text, type, Limits.defaults());
    }

    /**
     * Parses {@code text} for {@code type}. Text longer than {@link Limits#maxTextChars()} is refused
     * without being parsed. A null text is treated as empty.
     */
    public static ParseResult parse(String text, ModelType type, Limits limits) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(limits, "limits");
        String input = text == null ? "" : text;
        if (input.length() > limits.maxTextChars()) {
            return new ParseResult(type, "", List.of(), List.of(), List.of(ParseIssue.general(
                    "the text is " + Texts.number(input.length()) + " characters long; the limit is "
                            + Texts.number(limits.maxTextChars()),
                    "shorten it, or upload the examples as a CSV file")));
        }
        return switch (type) {
            case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> ClassificationPromptParser.parse(input, type);
            case INSTRUCTION_FOLLOWING -> InstructionPromptParser.parse(input);
            case GENERAL_CHAT -> ChatPromptParser.parse(input);
        };
    }
}
