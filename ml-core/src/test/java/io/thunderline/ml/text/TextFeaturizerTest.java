package io.thunderline.ml.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextFeaturizerTest {

    private static final List<String> CORPUS = List.of(
            "Win a FREE prize now!!!", "Meeting moved to Tuesday", "free money, click here", "Lunch on Tuesday?");

    @Test
    void vectorsAreL2NormalisedAndSorted() {
        TextFeaturizer featurizer = TextFeaturizer.fit(FeatureSpec.defaults().withHashDims(1 << 12), CORPUS);
        SparseVector v = featurizer.transform("free prize on Tuesday");
        double norm = 0;
        for (float value : v.values()) {
            norm += value * value;
        }
        assertThat(norm).isCloseTo(1.0, within(1e-5));
        for (int i = 1; i < v.indices().length; i++) {
            assertThat(v.indices()[i]).isGreaterThan(v.indices()[i - 1]);
        }
    }

    @Test
    void sameSpecAndSeedGiveSameFeaturesAndOtherSeedsDiffer() {
        FeatureSpec spec = FeatureSpec.defaults().withHashDims(1 << 16);
        SparseVector a = TextFeaturizer.fit(spec, CORPUS).transform("free money");
        SparseVector b = TextFeaturizer.fit(spec, CORPUS).transform("free money");
        SparseVector c = TextFeaturizer.fit(spec.withSeed(7), CORPUS).transform("free money");
        assertThat(a).isEqualTo(b);
        assertThat(c.indices()).isNotEqualTo(a.indices());
    }

    @Test
    void lowercasingMakesCaseIrrelevant() {
        TextFeaturizer featurizer = TextFeaturizer.fit(FeatureSpec.defaults().withHashDims(1 << 14), CORPUS);
        assertThat(featurizer.transform("FREE Money")).isEqualTo(featurizer.transform("free money"));
    }

    @Test
    void rareTermsWeighMoreThanCommonOnes() {
        List<String> corpus = List.of("the cat", "the dog", "the bird", "the zebra");
        FeatureSpec wordsOnly = new FeatureSpec(1 << 16, 1, 0, 0, true, 1, 0);
        TextFeaturizer featurizer = TextFeaturizer.fit(wordsOnly, corpus);
        SparseVector v = featurizer.transform("the zebra");
        assertThat(v.size()).isEqualTo(2);
        float max = Math.max(v.values()[0], v.values()[1]);
        float min = Math.min(v.values()[0], v.values()[1]);
        assertThat(max).isGreaterThan(min * 1.3f);
    }

    @Test
    void wordBigramsAndCharacterGramsAreCounted() {
        FeatureSpec unigrams = new FeatureSpec(1 << 20, 1, 0, 0, true, 1, 0);
        FeatureSpec bigrams = new FeatureSpec(1 << 20, 2, 0, 0, true, 1, 0);
        FeatureSpec chars = new FeatureSpec(1 << 20, 1, 3, 3, true, 1, 0);
        assertThat(TextFeaturizer.fit(unigrams, CORPUS).transform("red big car").size()).isEqualTo(3);
        assertThat(TextFeaturizer.fit(bigrams, CORPUS).transform("red big car").size()).isEqualTo(5);
        // "<ab>" has the 3-grams "<ab" and "ab>", plus the word itself.
        assertThat(TextFeaturizer.fit(chars, CORPUS).transform("ab").size()).isEqualTo(3);
    }

    @Test
    void tokenizerKeepsSymbolsAsTokens() {
        assertThat(new Tokenizer(true).tokenize("Win $1000 now!")).containsExactly("win", "$", "1000", "now", "!");
    }

    @Test
    void restoredFeaturizerTransformsIdentically() {
        TextFeaturizer fitted = TextFeaturizer.fit(FeatureSpec.defaults().withHashDims(1 << 12), CORPUS);
        TextFeaturizer restored = TextFeaturizer.restore(fitted.spec(), fitted.idf());
        assertThat(restored.transform("free lunch")).isEqualTo(fitted.transform("free lunch"));
    }

    @Test
    void signedHashingFlipsTheSignOfSomeNgramsAndKeepsTheirBuckets() {
        // 2^20 buckets: no two n-grams of this text share a bucket, so each value is the unsigned one or its negative
        FeatureSpec unsigned = FeatureSpec.defaults().withHashDims(1 << 20);
        String text = "the striker scored twice before half time";
        SparseVector plain = TextFeaturizer.unweighted(unsigned).transform(text);
        SparseVector signed = TextFeaturizer.unweighted(unsigned.withSignedHashing(true)).transform(text);
        assertThat(signed.indices()).isEqualTo(plain.indices());
        int negative = 0;
        for (int i = 0; i < plain.values().length; i++) {
            assertThat(plain.values()[i]).isPositive();
            assertThat(Math.abs(signed.values()[i])).isEqualTo(plain.values()[i]);
            negative += signed.values()[i] < 0 ? 1 : 0;
        }
        // about half of the n-grams carry the minus sign
        assertThat(negative).isBetween(plain.values().length / 4, plain.values().length * 3 / 4);
    }

    @Test
    void invalidSpecsAreRefused() {
        assertThatThrownBy(() -> new FeatureSpec(1 << 10, 0, 0, 0, true, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureSpec(1 << 10, 2, 5, 3, true, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
