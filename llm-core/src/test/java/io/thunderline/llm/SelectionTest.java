package io.thunderline.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The choice of settings and the nested leave-one-out choice that the reported score uses. */
class SelectionTest {

    @Test
    void theReportedChoiceForAnExampleIgnoresThatExamplesScore() {
        // 2 candidates x 2 thresholds (off, on); rows = configs, columns = held-out examples; candidate 0 the default
        double[][] combined = {
                {0.5, 0.5, 0.5, 0.5, 0.5, 0.5},      // candidate 0, selector off
                {0.5, 0.5, 0.5, 0.5, 0.5, 0.5},      // candidate 0, selector on
                {0.9, 0.55, 0.55, 0.54, 0.45, 0.5},  // candidate 1, selector off: clearly better, most of it example 0
                {0.9, 0.55, 0.55, 0.54, 0.45, 0.5}}; // candidate 1, selector on
        assertThat(RetrievalChatTrainer.bestConfig(combined, 2, -1)).isEqualTo(2);
        // without example 0's own score candidate 1 is ahead by less than its standard error: example 0 is reported
        // with the default's answer
        assertThat(RetrievalChatTrainer.bestConfig(combined, 2, 0)).isEqualTo(0);
        assertThat(RetrievalChatTrainer.bestConfig(combined, 2, 4)).isEqualTo(2);
    }

    @Test
    void anotherCandidateReplacesTheDefaultOnlyWhenClearlyBetter() {
        double[] defaults = {0.5, 0.5, 0.5, 0.5};
        // ahead on the mean, but as often behind as ahead: the default stays
        assertThat(RetrievalChatTrainer.bestConfig(new double[][]{defaults, {0.62, 0.4, 0.62, 0.4}}, 1, -1)).isZero();
        // ahead on every example
        assertThat(RetrievalChatTrainer.bestConfig(new double[][]{defaults, {0.52, 0.53, 0.51, 0.52}}, 1, -1)).isEqualTo(1);
        assertThat(RetrievalChatTrainer.clearlyBetter(new double[]{0.6, 0.6}, new double[]{0.5, 0.5}, -1)).isTrue();
        assertThat(RetrievalChatTrainer.clearlyBetter(new double[]{0.5, 0.5}, new double[]{0.5, 0.5}, -1)).isFalse();
    }

    @Test
    void belowEightExamplesTheJobKeepsTheDefaultSettingsInsteadOfChoosing() {
        RetrievalChatTrainer trainer = new RetrievalChatTrainer(null, null, new RetrievalChatTrainer.Options(4, 4, 42, false));
        // the default: the 4 nearest examples greedy, with a second draft without them
        assertThat(trainer.defaultSettings(7, 64)).satisfies(s -> {
            assertThat(s.shots()).isEqualTo(4);
            assertThat(s.temperature()).isZero();
            assertThat(s.selectorThreshold()).isEqualTo(RetrievalChatModel.SELECTOR_OFF);
            assertThat(s.drafts()).isTrue();
        });
        // what generates for it: the first draft's settings and the zero-shot ones, nothing else
        assertThat(trainer.candidates(7, 64)).containsExactly(trainer.defaultSettings(7, 64).withDrafts(false),
                new RetrievalChatModel.Settings(0, 0.0, 64, 1.0, RetrievalChatModel.SELECTOR_OFF, 42, false, true));
        // every candidate tells the model the answers' length when it shows no example
        assertThat(trainer.candidates(8, 64)).allSatisfy(s -> assertThat(s.lengthHint()).isTrue());
        assertThat(trainer.defaultSettings(3, 64).shots()).isEqualTo(2);
        // one example: nothing to show, so one draft
        assertThat(trainer.candidates(1, 64)).singleElement().satisfies(s -> assertThat(s.shots()).isZero());
        assertThat(trainer.defaultSettings(1, 64).drafts()).isFalse();
        // from eight on, the five candidates are tried, the default's first draft first
        assertThat(trainer.candidates(8, 64)).hasSize(5).first().isEqualTo(trainer.candidates(7, 64).get(0));
    }

    @Test
    void theSelectorIsSwitchedOnOnlyWhenItMeasurablyHelps() {
        double[][] barely = {{0.5, 0.5}, {0.502, 0.502}};
        assertThat(RetrievalChatTrainer.bestConfig(barely, 2, -1)).isEqualTo(0);
        double[][] clearly = {{0.5, 0.5}, {0.6, 0.6}};
        assertThat(RetrievalChatTrainer.bestConfig(clearly, 2, -1)).isEqualTo(1);
    }
}
