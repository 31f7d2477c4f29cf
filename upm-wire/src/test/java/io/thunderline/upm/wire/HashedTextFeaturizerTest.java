package io.thunderline.upm.wire;

import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.SparseVector;
import io.thunderline.ml.text.TextFeaturizer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast featuriser against ml-core's TextFeaturizer.unweighted, the reference: the same vectors, bit for bit. */
class HashedTextFeaturizerTest {

    /** Texts that exercise the tokenizer's and the hash's corners, plus random ones. */
    static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of("", " ", "a", "ab", "abc", "Hello, World!", "$$$ FREE!!! click here @ once",
                "the the the the the the the", "İstanbul ΣΟΦΙΑ straße Ǆ ﬁne", "tabs\tand\nnew\r\nlines\u0000\u0085\u00a0nbsp",
                "emoji 😀😀 and surrogates \ud83d", "x".repeat(300), "word ".repeat(5000) + "end", "3.14159 2,000 1e-9",
                "日本語のテキスト、句読点。", "MiXeD CaSe mixed case", "<html><body>a&amp;b</body></html>"));
        texts.addAll(TestTexts.examples(40, 7).stream().map(TestTexts.Example::text).toList());
        Random random = new Random(42);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDE 0123456789 .,!?$\t\néüßΣ中-";
        for (int i = 0; i < 200; i++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(i < 190 ? 400 : 20_000);
            for (int j = 0; j < length; j++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            texts.add(b.toString());
        }
        return texts;
    }

    @Test
    void givesExactlyTheVectorsOfTheReferenceFeaturiser() {
        TextFeaturizer reference = TextFeaturizer.unweighted(UpmFeatures.SPEC);
        int features = 0;
        for (String text : texts()) {
            SparseVector expected = reference.transform(text);
            SparseVector actual = UpmFeatures.featurize(text);
            assertThat(actual.indices()).as(text).containsExactly(expected.indices());
            assertThat(actual.values()).as(text).containsExactly(expected.values());
            features += actual.size();
        }
        assertThat(features).isGreaterThan(100_000);
    }

    @Test
    void otherSpecsToo() {
        List<FeatureSpec> specs = List.of(FeatureSpec.defaults().withHashDims(1000), FeatureSpec.defaults().withSeed(7L << 40 | 3),
                FeatureSpec.defaults().withMaxChars(50), FeatureSpec.defaults().withCharNgrams(0, 2),
                FeatureSpec.defaults().withCharNgrams(0, 0).withWordNgramMax(3), FeatureSpec.defaults().withWordNgramMax(0),
                new FeatureSpec(1 << 12, 2, 2, 6, false, 42L, 0));
        for (FeatureSpec spec : specs) {
            TextFeaturizer reference = TextFeaturizer.unweighted(spec);
            HashedTextFeaturizer fast = new HashedTextFeaturizer(spec);
            for (String text : texts().subList(0, 80)) {
                assertThat(fast.transform(text)).as(spec + ": " + text).isEqualTo(reference.transform(text));
            }
        }
    }

    @Test
    void featurisingManyTextsInParallelKeepsTheirOrderAndValues() {
        List<String> texts = texts();
        List<SparseVector> all = UpmFeatures.featurizeAll(texts);
        assertThat(all).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(all.get(i)).isEqualTo(UpmFeatures.featurize(texts.get(i)));
        }
        assertThat(UpmFeatures.featurizeAll(List.of("just one"))).containsExactly(UpmFeatures.featurize("just one"));
        assertThat(UpmFeatures.featurizeAll(List.of())).isEmpty();
    }

    @Test
    void aSpecWithSignedHashingIsRefused() {
        // UPM's windows, learner and agents all use unsigned features: a signed spec would silently mismatch them
        assertThatThrownBy(() -> new HashedTextFeaturizer(FeatureSpec.defaults().withSignedHashing(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signed hashing");
    }
}
