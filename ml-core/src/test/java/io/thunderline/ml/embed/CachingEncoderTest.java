package io.thunderline.ml.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachingEncoderTest {

    /** Records every text it is asked for; vectors are derived from the text's length. */
    static final class Recording implements SentenceEncoder {
        final List<String> seen = new ArrayList<>();

        @Override
        public EncoderInfo info() {
            return new EncoderInfo("recording", "1", "00", 2, 0);
        }

        @Override
        public synchronized float[][] encodeAll(List<String> texts) {
            seen.addAll(texts);
            return texts.stream().map(t -> new float[] {t.length(), 1}).toArray(float[][]::new);
        }
    }

    @Test
    void encodesEachDistinctTextOnce() {
        Recording inner = new Recording();
        CachingEncoder cache = new CachingEncoder(inner);
        float[][] first = cache.encodeAll(List.of("a", "bb", "a"));
        float[][] second = cache.encodeAll(List.of("bb", "ccc"));
        assertThat(inner.seen).containsExactly("a", "bb", "ccc");
        assertThat(cache.encodedTexts()).isEqualTo(3);
        assertThat(first[0]).containsExactly(1, 1);
        assertThat(first[2]).isSameAs(first[0]);
        assertThat(second[0]).containsExactly(2, 1);
        assertThat(cache.unwrapped()).isSameAs(inner);
        assertThat(cache.info()).isEqualTo(inner.info());
    }
}
