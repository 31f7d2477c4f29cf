package io.thunderline.dataset.parse;

import io.thunderline.contracts.ModelType;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the parsers need to know about a {@link ModelType} beyond the shared enum in {@code contracts}: the columns
 * of its canonical CSV, and the list of accepted wire names for messages.
 */
public final class CsvColumns {

    private static final List<String> CLASSIFICATION = List.of("text", "label");
    private static final List<String> INSTRUCTION = List.of("instruction", "input", "output");
    private static final List<String> CHAT = List.of("prompt", "response");

    private CsvColumns() {
    }

    /**
     * The canonical CSV columns of a model type (immutable): {@code text,label} for classification and sentiment,
     * {@code instruction,input,output} for instruction following, {@code prompt,response} for chat.
     */
    public static List<String> header(ModelType type) {
        return switch (type) {
            case TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS -> CLASSIFICATION;
            case INSTRUCTION_FOLLOWING -> INSTRUCTION;
            case GENERAL_CHAT -> CHAT;
        };
    }

    /** Every model type's wire name, comma separated, in declaration order. */
    public static String acceptedModelTypes() {
        return Arrays.stream(ModelType.values()).map(ModelType::wireName).collect(Collectors.joining(", "));
    }
}
