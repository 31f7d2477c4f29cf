package io.thunderline.ml.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanguageModelTest {

    private static final List<PromptResponse> PAIRS = List.of(
            new PromptResponse("Say hello to the team", "Hello team!"),
            new PromptResponse("What colour is the sky?", "The sky is blue."),
            new PromptResponse("Translate 'chat' to English", "cat"),
            new PromptResponse("What colour is grass?", "Grass is green."));

    private static LanguageModel model;

    @BeforeAll
    static void train() {
        LanguageModelConfig config = LanguageModelConfig.defaults().withHashDims(1 << 14).withEpochs(20);
        model = new LanguageModelTrainer(config).train(PAIRS, SearchListener.NONE, CancellationToken.none());
    }

    @Test
    void greedyCompletionFollowsTheInstruction() {
        for (PromptResponse pair : PAIRS) {
            assertThat(model.complete(pair.prompt(), 40, 0, 1)).isEqualTo(pair.response());
        }
    }

    @Test
    void trainingLowersPerplexityFarBelowUniformGuessing() {
        LanguageModelEvaluation evaluation = model.evaluate(PAIRS);
        int characters = PAIRS.stream().mapToInt(p -> p.response().length() + 1).sum();
        assertThat(evaluation.characters()).isEqualTo(characters);
        assertThat(evaluation.perplexity()).isEqualTo(Math.exp(evaluation.loss()));
        // Uniform guessing over the vocabulary would score perplexity = vocabulary size.
        assertThat(evaluation.perplexity()).isLessThan(1.5).isLessThan(model.vocabulary().length() / 10.0);
    }

    @Test
    void samplingIsReproducibleForASeedAndVariesWithHeat() {
        String prompt = "What colour is the sky?";
        assertThat(model.complete(prompt, 30, 1.0, 7)).isEqualTo(model.complete(prompt, 30, 1.0, 7));
        long distinct = java.util.stream.LongStream.range(0, 12)
                .mapToObj(seed -> model.complete(prompt, 30, 5.0, seed)).distinct().count();
        assertThat(distinct).isGreaterThan(1);
    }

    @Test
    void completionStopsAtMaxChars() {
        assertThat(model.complete("What colour is the sky?", 5, 0, 1)).isEqualTo("The s");
    }

    @Test
    void savedAndLoadedLanguageModelCompletesIdentically() throws IOException {
        LanguageModel loaded = ModelFile.loadLanguageModel(new ByteArrayInputStream(ModelFileTest.save(model)));
        assertThat(loaded.vocabulary()).isEqualTo(model.vocabulary());
        for (PromptResponse pair : PAIRS) {
            assertThat(loaded.nextSymbolProbabilities(pair.prompt(), "T"))
                    .containsExactly(model.nextSymbolProbabilities(pair.prompt(), "T"));
            assertThat(loaded.complete(pair.prompt(), 40, 0.8, 3)).isEqualTo(model.complete(pair.prompt(), 40, 0.8, 3));
        }
    }
}
