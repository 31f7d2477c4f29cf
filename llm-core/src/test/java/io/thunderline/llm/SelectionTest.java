package io.thunderline.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The choice of settings and the nested leave-one-out choice that the reported score uses. */
class SelectionTest {

    @Test
    void theReportedChoiceForAnExampleIgnoresThatExamplesScore() {
        // 2 candidates x 2 thresholds (off, on); rows = configs, columns = held-out examples
        double[][] combined = {
                {0.5, 0.5, 0.5},   // candidate 0, selector off
                {0.5, 0.5, 0.5},   // candidate 0, selector on
                {0.9, 0.4, 0.4},   // candidate 1, selector off: best overall only thanks to example 0
                {0.9, 0.4, 0.4}};  // candidate 1, selector on
        assertThat(RetrievalChatTrainer.bestConfig(combined, 2, -1)).isEqualTo(2);
        // without example 0's own score, candidate 0 is better: example 0 is reported with candidate 0's answer
        assertThat(RetrievalChatTrainer.bestConfig(combined, 2, 0)).isEqualTo(0);
        assertThat(RetrievalChatTrainer.bestConfig(combined, 2, 1)).isEqualTo(2);
    }

    @Test
    void belowEightExamplesTheJobKeepsTheDefaultSettingsInsteadOfChoosing() {
        RetrievalChatTrainer trainer = new RetrievalChatTrainer(null, null, new RetrievalChatTrainer.Options(4, 4, 42, false));
        assertThat(trainer.candidates(7, 64)).singleElement().satisfies(s -> {
            assertThat(s.shots()).isEqualTo(4);
            assertThat(s.temperature()).isZero();
            assertThat(s.selectorThreshold()).isEqualTo(RetrievalChatModel.SELECTOR_OFF);
        });
        assertThat(trainer.candidates(3, 64)).singleElement().satisfies(s -> assertThat(s.shots()).isEqualTo(2));
        // from eight on, the five candidates are tried, the default first
        assertThat(trainer.candidates(8, 64)).hasSize(5).first().isEqualTo(trainer.candidates(7, 64).get(0));
    }

    @Test
    void aRelevanceFloorAppliesToEveryCandidateWithExamplesNotToZeroShot() {
        RetrievalChatTrainer off = new RetrievalChatTrainer(null, null, new RetrievalChatTrainer.Options(4, 4, 42, false));
        assertThat(off.candidates(7, 64).get(0).minCosine()).isEqualTo(RetrievalChatModel.NO_FLOOR);
        RetrievalChatTrainer on = new RetrievalChatTrainer(null, null,
                new RetrievalChatTrainer.Options(4, 4, 42, false, RetrievalChatModel.RELEVANCE_FLOOR));
        assertThat(on.candidates(7, 64)).singleElement().satisfies(s -> {
            assertThat(s.minCosine()).isEqualTo(0.22);
            assertThat(s.describe()).startsWith("4 nearest examples (those with cosine >= 0.22), temperature 0.0");
        });
        assertThat(on.candidates(20, 64)).hasSize(5).allSatisfy(s ->
                assertThat(s.minCosine()).isEqualTo(s.shots() == 0 ? RetrievalChatModel.NO_FLOOR : 0.22));
    }

    @Test
    void onlyExamplesReachingTheFloorAreShownAndWithNoneTheRequestIsAskedZeroShot() {
        var near = java.util.List.of(
                new ExampleIndex.Neighbour(3, new io.thunderline.ml.model.PromptResponse("Translate\nHi", "Salut"), 0.64),
                new ExampleIndex.Neighbour(1, new io.thunderline.ml.model.PromptResponse("Translate\nNo", "Non"), 0.22),
                new ExampleIndex.Neighbour(0, new io.thunderline.ml.model.PromptResponse("List colours", "Red"), 0.21),
                new ExampleIndex.Neighbour(2, new io.thunderline.ml.model.PromptResponse("Rewrite", "Please"), 0.10));
        RetrievalChatModel.Settings all = new RetrievalChatModel.Settings(4, 0.0, 32, 1.0, RetrievalChatModel.SELECTOR_OFF, 42);
        assertThat(RetrievalChatModel.demonstrations(near, all)).isEqualTo(near);
        assertThat(RetrievalChatModel.demonstrations(near, all.withMinCosine(0.22)))
                .extracting(ExampleIndex.Neighbour::index).containsExactly(3, 1);
        // the floor never brings in more than the nearest `shots`
        RetrievalChatModel.Settings one = new RetrievalChatModel.Settings(1, 0.0, 32, 1.0, RetrievalChatModel.SELECTOR_OFF, 42, 0.22);
        assertThat(RetrievalChatModel.demonstrations(near, one)).extracting(ExampleIndex.Neighbour::index).containsExactly(3);
        var unrelated = near.subList(2, 4);
        assertThat(RetrievalChatModel.demonstrations(unrelated, all.withMinCosine(0.22))).isEmpty();
        assertThat(RetrievalChatModel.messages(RetrievalChatModel.demonstrations(unrelated, all.withMinCosine(0.22)),
                java.util.List.of(), "Extract the date")).isEqualTo(RetrievalChatModel.zeroShot("Extract the date"));
        assertThat(all.withMinCosine(0.22).withSelector(0.9).withMaxTokens(10).minCosine()).isEqualTo(0.22);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> all.withMinCosine(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minCosine");
    }

    @Test
    void theSelectorIsSwitchedOnOnlyWhenItMeasurablyHelps() {
        double[][] barely = {{0.5, 0.5}, {0.502, 0.502}};
        assertThat(RetrievalChatTrainer.bestConfig(barely, 2, -1)).isEqualTo(0);
        double[][] clearly = {{0.5, 0.5}, {0.6, 0.6}};
        assertThat(RetrievalChatTrainer.bestConfig(clearly, 2, -1)).isEqualTo(1);
    }
}
