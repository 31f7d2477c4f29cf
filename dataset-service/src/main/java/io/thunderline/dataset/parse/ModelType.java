package io.thunderline.dataset.parse;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The four kinds of model a dataset can train, with their wire names and canonical CSV columns. */
public enum ModelType {
    TEXT_CLASSIFICATION("text_classification", "Text Classification", List.of("text", "label")),
    SENTIMENT_ANALYSIS("sentiment_analysis", "Sentiment Analysis", List.of("text", "label")),
    INSTRUCTION_FOLLOWING("instruction_following", "Instruction Following", List.of("instruction", "input", "output")),
    GENERAL_CHAT("general_chat", "General Chat", List.of("prompt", "response"));

    private final String wireName;
    private final String displayName;
    private final List<String> csvHeader;

    ModelType(String wireName, String displayName, List<String> csvHeader) {
        this.wireName = wireName;
        this.displayName = displayName;
        this.csvHeader = csvHeader;
    }

    /** The name used in APIs, events and dataset names, e.g. {@code text_classification}. */
    public String wireName() {
        return wireName;
    }

    /** The name shown to people, e.g. {@code Text Classification}. */
    public String displayName() {
        return displayName;
    }

    /** The columns of the canonical CSV for this type (immutable). */
    public List<String> csvHeader() {
        return csvHeader;
    }

    /** True for the types whose examples are (text, label) pairs. */
    public boolean isClassification() {
        return this == TEXT_CLASSIFICATION || this == SENTIMENT_ANALYSIS;
    }

    /** All wire names, comma separated, in declaration order. */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(ModelType::wireName).collect(Collectors.joining(", "));
    }

    /**
     * Parses a wire name. Surrounding spaces and case are ignored and {@code -} or spaces may stand for
     * {@code _} (so "Text Classification" and "text-classification" are accepted too).
     *
     * @throws IllegalArgumentException naming the accepted values when the name is missing or unknown
     */
    public static ModelType fromWire(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model type is missing; use one of: " + acceptedValues());
        }
        String normalized = value.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        for (ModelType type : values()) {
            if (type.wireName.equals(normalized)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "unknown model type '" + value.strip() + "'; use one of: " + acceptedValues());
    }
}
