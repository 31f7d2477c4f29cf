package io.thunderline.ml.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MiniLmEncoderTest {

    private final MiniLmEncoder encoder = MiniLmEncoder.shared();

    @Test
    void loadsFromTheJarAndNamesItsWeights() {
        EncoderInfo info = encoder.info();
        assertThat(info.name()).isEqualTo("all-MiniLM-L6-v2-q");
        assertThat(info.version()).isEqualTo("1.11.0-beta19");
        assertThat(info.sha256()).matches("[0-9a-f]{64}");
        assertThat(info.dimensions()).isEqualTo(384);
        assertThat(info.maxChars()).isEqualTo(MiniLmEncoder.MAX_CHARS);
    }

    @Test
    void sameTextSameVectorAndUnitLength() {
        float[] a = encoder.encode("The striker scored twice in the derby.");
        float[][] again = encoder.encodeAll(List.of("Something else first.", "The striker scored twice in the derby."));
        assertThat(again[1]).containsExactly(a);
        double norm = 0;
        for (float v : a) {
            norm += v * v;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void meaningIsCloserThanWords() {
        float[][] v = encoder.encodeAll(List.of("The goalkeeper saved a penalty.", "The keeper stopped the spot kick.",
                "The central bank raised interest rates."));
        assertThat(dot(v[0], v[1])).isGreaterThan(dot(v[0], v[2]) + 0.2);
    }

    @Test
    void truncationIsPartOfTheIdentity() {
        String longText = "word ".repeat(400);
        MiniLmEncoder shorter = encoder.truncatedTo(125);
        assertThat(shorter.info().maxChars()).isEqualTo(125);
        assertThat(shorter.info().sha256()).isEqualTo(encoder.info().sha256());
        assertThat(shorter.encode(longText)).isEqualTo(encoder.truncatedTo(125).encode(longText.substring(0, 300)));
        assertThat(MiniLmEncoder.truncate("   ", 10)).isEqualTo(".");
        assertThatThrownBy(() -> encoder.truncatedTo(0)).hasMessageContaining("chars must be in 1..");
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
