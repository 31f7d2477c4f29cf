package io.thunderline.upm.service;

import io.thunderline.contracts.FeatureWindow;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.online.OnlineSoftmax;
import io.thunderline.upm.wire.TestTexts;
import io.thunderline.upm.wire.UpmFeatures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnlineTrainerTest {
    static final List<String> LABELS = List.of("positive", "negative");

    static List<FeatureWindow> windows(int n) {
        List<FeatureWindow> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestTexts.window("w" + i, ModelType.SENTIMENT_ANALYSIS, TestTexts.examples(16, 100 + i), false));
        }
        return out;
    }

    @Test
    void scoresEachRowBeforeLearningItAndGetsBetter() {
        OnlineTrainer trainer = OnlineTrainer.fresh(UpmFeatures.SPEC.hashDims(), 16, 0.5);
        List<OnlineTrainer.WindowOutcome> outcomes = windows(8).stream().map(w -> trainer.apply(w, LABELS)).toList();
        assertThat(outcomes).allSatisfy(o -> assertThat(o.rows()).isEqualTo(16));
        int early = outcomes.get(0).correct();
        int late = outcomes.subList(5, 8).stream().mapToInt(OnlineTrainer.WindowOutcome::correct).sum();
        assertThat(late).isGreaterThan(3 * early).isGreaterThanOrEqualTo(40);
        assertThat(outcomes.get(7).logLoss() / 16).isLessThan(outcomes.get(0).logLoss() / 16);
        assertThat(trainer.model().examplesSeen()).isEqualTo(8 * 16);
    }

    @Test
    void isExactlyTheReferenceLearnerAndResumesFromItsBytes() {
        List<FeatureWindow> ws = windows(6);
        OnlineTrainer whole = OnlineTrainer.fresh(UpmFeatures.SPEC.hashDims(), 16, 0.5);
        ws.forEach(w -> whole.apply(w, LABELS));
        OnlineTrainer first = OnlineTrainer.fresh(UpmFeatures.SPEC.hashDims(), 16, 0.5);
        ws.subList(0, 3).forEach(w -> first.apply(w, LABELS));
        OnlineTrainer resumed = new OnlineTrainer(OnlineSoftmax.fromBytes(first.model().toBytes()));
        ws.subList(3, 6).forEach(w -> resumed.apply(w, LABELS));
        assertThat(resumed.model().toBytes()).isEqualTo(whole.model().toBytes());
        assertThat(whole.model().snapshotWeights()).isEqualTo(TestTexts.reference(ws, 16, 0.5).snapshotWeights());
    }

    @Test
    void aLabelOutsideTheVocabularyIsAnError() {
        OnlineTrainer trainer = OnlineTrainer.fresh(UpmFeatures.SPEC.hashDims(), 16, 0.5);
        assertThatThrownBy(() -> trainer.apply(windows(1).get(0), List.of("positive")))
                .hasMessageContaining("label 'negative'").hasMessageContaining("vocabulary");
    }

    @Test
    void thePredictionRuleIgnoresUnlabelledSlots() {
        assertThat(OnlineTrainer.bestKnown(new double[]{0.2, 0.3, 0.5}, 2)).isEqualTo(1);
        assertThat(OnlineTrainer.bestKnown(new double[]{0.4, 0.4, 0.2}, 2)).isZero();
    }
}
