package io.thunderline.ui.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorShapeTest {
    @Test
    void everyRefusalHasFieldMessageAndErrorsAndTheTextIsPromptText() {
        assertThat(ErrorMappers.normalise("{\"field\":\"text\",\"message\":\"Line 2: no label\",\"errors\":[{\"line\":2}]}"))
                .isEqualTo("{\"field\":\"promptText\",\"message\":\"Line 2: no label\",\"errors\":[{\"line\":2}]}");
        assertThat(ErrorMappers.normalise("{\"message\":\"job x is completed\"}"))
                .isEqualTo("{\"message\":\"job x is completed\",\"field\":null,\"errors\":[]}");
        assertThat(ErrorMappers.normalise("not json")).isEqualTo("{\"field\":null,\"message\":\"not json\",\"errors\":[]}");
        assertThat(ErrorMappers.refusal("modelType", "Choose one")).containsOnlyKeys("field", "message", "errors");
    }
}
