package io.thunderline.ml.nas;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.embed.CachingEncoder;
import io.thunderline.ml.embed.MiniLmEncoder;
import io.thunderline.ml.model.Prediction;
import io.thunderline.ml.nn.Architecture;
import io.thunderline.ml.testing.Prompts;
import io.thunderline.ml.text.FeatureSpec;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search with the pretrained sentence encoder as a second input, on a 16-line prompt. */
class EncoderSearchTest {

    private static final FeatureSpec SMALL = FeatureSpec.defaults().withHashDims(1 << 14);

    @Test
    void answersFreshSentencesOfA16LinePrompt() throws Exception {
        LabeledData prompt = Prompts.read("news-topics.tsv");
        LabeledData fresh = Prompts.read("news-topics-fresh.tsv");
        CachingEncoder encoder = new CachingEncoder(MiniLmEncoder.shared());
        SearchResult result = new ArchitectureSearch(SearchSpace.defaults(), SMALL, encoder)
                .run(prompt, SearchListener.NONE, CancellationToken.none());

        List<Prediction> predictions = result.model().predictAll(fresh.texts());
        long right = 0;
        for (int i = 0; i < predictions.size(); i++) {
            right += predictions.get(i).label().equals(fresh.labels().get(i)) ? 1 : 0;
        }
        // n-grams alone got 3 of 12 (issue 16); words like "goalkeeper" never occur in the prompt
        assertThat(right).as("fresh sentences right").isGreaterThanOrEqualTo(10);
        assertThat(predictions.get(0).probabilities()).hasSize(4);
    }

    @Test
    void vectorsAreComputedOncePerTextNotPerTrial() throws Exception {
        LabeledData prompt = Prompts.read("news-topics.tsv");
        CachingEncoder encoder = new CachingEncoder(MiniLmEncoder.shared());
        SearchResult result = new ArchitectureSearch(SearchSpace.defaults(), SMALL, encoder)
                .run(prompt, SearchListener.NONE, CancellationToken.none());
        assertThat(result.ranking()).hasSizeGreaterThan(5);
        assertThat(encoder.encodedTexts()).isEqualTo(new HashSet<>(prompt.texts()).size());
    }

    @Test
    void linearModelsAreInTheSearchSpaceAndRankedWithTheOthers() throws Exception {
        LabeledData prompt = Prompts.read("news-topics.tsv");
        SearchResult result = new ArchitectureSearch(SearchSpace.defaults(), SMALL, new CachingEncoder(MiniLmEncoder.shared()))
                .run(prompt, SearchListener.NONE, CancellationToken.none());
        List<Architecture> linear = result.ranking().stream().map(TrialResult::architecture)
                .filter(a -> a.hiddenLevels() == 0).toList();
        assertThat(linear).anySatisfy(a -> {
            assertThat(a.readsDense()).isTrue();
            assertThat(a.sparseLinear()).isFalse();
            assertThat(a.inputWidth()).isZero();
        }).anySatisfy(a -> {
            assertThat(a.sparseLinear()).isTrue();
            assertThat(a.denseDims()).isZero();
        }).anySatisfy(a -> assertThat(a.readsDense() && a.sparseLinear()).isTrue());
        // drawn trials choose their inputs: across the default search both kinds occur
        assertThat(result.ranking().stream().map(TrialResult::architecture).filter(a -> a.hiddenLevels() > 0))
                .anySatisfy(a -> assertThat(a.readsDense()).isTrue());
    }

    @Test
    void smallDataIsRankedByCrossValidationLargerBySplit() throws Exception {
        LabeledData prompt = Prompts.read("news-topics.tsv");
        SearchResult small = new ArchitectureSearch(SearchSpace.defaults(), SMALL, null)
                .run(prompt, SearchListener.NONE, CancellationToken.none());
        assertThat(small.model().provenance().get("validation")).contains("4-fold cross-validation");
        SearchResult split = new ArchitectureSearch(SearchSpace.defaults().toBuilder().crossValidationBelow(10).build(), SMALL, null)
                .run(prompt, SearchListener.NONE, CancellationToken.none());
        assertThat(split.model().provenance().get("validation")).contains("validation examples");
        assertThat(small.model().encoder()).isNull();
    }
}
