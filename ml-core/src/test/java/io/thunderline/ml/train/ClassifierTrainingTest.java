package io.thunderline.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.testing.Prompts;
import io.thunderline.ml.testing.SyntheticText;
import io.thunderline.ml.text.FeatureSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifierTrainingTest {

    /** Remembers phases and logs. */
    static final class Recorder implements TrainingProgress {
        final List<String> lines = new ArrayList<>();

        @Override
        public void phase(int number, String message, Map<String, String> params) {
            lines.add("phase " + number + ": " + message);
        }

        @Override
        public void log(String level, String line) {
            lines.add(level + " " + line);
        }
    }

    private static final ClassifierTraining.Settings SETTINGS = ClassifierTraining.Settings.defaults()
            .withFeatures(FeatureSpec.defaults().withHashDims(1 << 14));

    @Test
    void smallDataGetsACrossValidatedEstimateWithItsSpread() throws Exception {
        LabeledData prompt = Prompts.read("news-topics.tsv");
        Recorder progress = new Recorder();
        ClassifierTraining.Result result = new ClassifierTraining(SETTINGS).train(prompt, progress, CancellationToken.none());

        assertThat(result.params()).containsEntry("evaluated_on", "cross_validation");
        assertThat(result.crossValidation().folds()).isEqualTo(4);
        assertThat(result.metrics()).containsKeys("cv_f1_mean", "cv_f1_std", "cv_accuracy_mean", "cv_accuracy_std",
                "cv_precision_sports", "cv_recall_science");
        assertThat(result.metrics().get("evaluated_examples")).isEqualTo(16.0);
        assertThat(result.metrics().get("cv_folds")).isEqualTo(4.0);
        // every example was scored exactly once, by a model that never saw it
        assertThat(result.evaluation().examples()).isEqualTo(16);
        assertThat(result.summary()).startsWith("16 examples, 4-fold estimate: macro F1").contains("±").contains("few examples");
        assertThat(progress.lines).anyMatch(l -> l.startsWith("INFO fold 4/4"));
        // the final model learned from all 16 and predicts through the bare encoder (no training cache)
        assertThat(result.model().provenance()).containsEntry("examples", "16");
        assertThat(result.model().encoder().unwrapped()).isSameAs(result.model().encoder());
    }

    @Test
    void largerDataIsScoredOnAHeldOutPartNeverOnTrainingData() {
        LabeledData data = SyntheticText.separable(300, 2, 7);
        ClassifierTraining.Result result = new ClassifierTraining(SETTINGS.withEncoder(false)
                .withSpace(SETTINGS.space().toBuilder().moieties(1).tries(1).build()))
                .train(data, new Recorder(), CancellationToken.none());
        assertThat(result.params()).containsEntry("evaluated_on", "held_out");
        assertThat(result.metrics().get("evaluated_examples")).isEqualTo(120.0);
        assertThat(result.crossValidation()).isNull();
        assertThat(result.metrics()).containsKeys("accuracy", "f1", "precision_class0", "recall_class1").doesNotContainKey("cv_f1_mean");
        assertThat(result.params()).containsEntry("encoder", "none");
    }
}
