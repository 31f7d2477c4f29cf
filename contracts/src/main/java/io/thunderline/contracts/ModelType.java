package io.thunderline.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The four kinds of model a person can train. */
public enum ModelType {
    TEXT_CLASSIFICATION, SENTIMENT_ANALYSIS, INSTRUCTION_FOLLOWING, GENERAL_CHAT;

    @JsonValue
    public String wireName() {
        return WireEnum.wire(this);
    }

    @JsonCreator
    public static ModelType fromWire(String value) {
        return WireEnum.parse(ModelType.class, value, "modelType");
    }

    /** Classification-like types train a softmax classifier; the others a language model. */
    public boolean classification() {
        return this == TEXT_CLASSIFICATION || this == SENTIMENT_ANALYSIS;
    }

    public String label() {
        return switch (this) {
            case TEXT_CLASSIFICATION -> "Text classification";
            case SENTIMENT_ANALYSIS -> "Sentiment analysis";
            case INSTRUCTION_FOLLOWING -> "Instruction following";
            case GENERAL_CHAT -> "General chat";
        };
    }
}
