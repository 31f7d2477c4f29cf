package io.thunderline.ui.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextChecksTest {
    @Test
    void binaryDataIsCalledBinaryAndTextIsNot() {
        assertThat(TextChecks.binary("good -> positive\r\nbad\t-> negative\n")).isNull();
        assertThat(TextChecks.binary("café → ünïcode -> label")).isNull();
        assertThat(TextChecks.binary("ok -> a\n\u0000PK -> b")).contains("NUL").contains("character 9");
        assertThat(TextChecks.binary("\u0001\u0002\u0003\u0004PNG")).contains("control");
        // one stray control character in a long text is not binary
        assertThat(TextChecks.binary("x -> y\n".repeat(100) + "\u0007")).isNull();
        assertThatThrownBy(() -> TextChecks.refuseBinary(new byte[]{'a', 0, 'b'}, "file"))
                .isInstanceOfSatisfying(FormError.class, e -> assertThat(e.field()).isEqualTo("file"))
                .hasMessageContaining("binary");
    }
}
