package io.thunderline.dataset.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.ModelType;
import org.junit.jupiter.api.Test;

/** The shared {@link ModelType} as the parsers use it, plus what {@link CsvColumns} adds to it. */
class CsvColumnsTest {

    @Test
    void wireNamesRoundTrip() {
        assertThat(ModelType.TEXT_CLASSIFICATION.wireName()).isEqualTo("text_classification");
        assertThat(ModelType.SENTIMENT_ANALYSIS.wireName()).isEqualTo("sentiment_analysis");
        assertThat(ModelType.INSTRUCTION_FOLLOWING.wireName()).isEqualTo("instruction_following");
        assertThat(ModelType.GENERAL_CHAT.wireName()).isEqualTo("general_chat");
        for (ModelType type : ModelType.values()) {
            assertThat(ModelType.fromWire(type.wireName())).isEqualTo(type);
        }
    }

    @Test
    void fromWireIsLenientAboutCaseSpacesAndHyphens() {
        assertThat(ModelType.fromWire(" Text Classification ")).isEqualTo(ModelType.TEXT_CLASSIFICATION);
        assertThat(ModelType.fromWire("general-chat")).isEqualTo(ModelType.GENERAL_CHAT);
        assertThat(ModelType.fromWire("SENTIMENT_ANALYSIS")).isEqualTo(ModelType.SENTIMENT_ANALYSIS);
    }

    @Test
    void fromWireListsAcceptedValues() {
        assertThatThrownBy(() -> ModelType.fromWire("regression"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("'regression'")
                .hasMessageEndingWith(CsvColumns.acceptedModelTypes());
        assertThatThrownBy(() -> ModelType.fromWire(null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("modelType");
    }

    @Test
    void acceptedModelTypesListsEveryWireName() {
        assertThat(CsvColumns.acceptedModelTypes())
                .isEqualTo("text_classification, sentiment_analysis, instruction_following, general_chat");
    }

    @Test
    void csvHeaders() {
        assertThat(Example.csvHeader(ModelType.TEXT_CLASSIFICATION)).containsExactly("text", "label");
        assertThat(CsvColumns.header(ModelType.SENTIMENT_ANALYSIS)).containsExactly("text", "label");
        assertThat(CsvColumns.header(ModelType.INSTRUCTION_FOLLOWING)).containsExactly("instruction", "input", "output");
        assertThat(CsvColumns.header(ModelType.GENERAL_CHAT)).containsExactly("prompt", "response");
        assertThat(ModelType.SENTIMENT_ANALYSIS.classification()).isTrue();
        assertThat(ModelType.GENERAL_CHAT.classification()).isFalse();
    }
}
