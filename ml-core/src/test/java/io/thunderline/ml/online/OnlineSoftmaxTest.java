package io.thunderline.ml.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.testing.SyntheticText;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.TextFeaturizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineSoftmaxTest {

    static final int DIMS = 1 << 12;

    /** Windows of 20 examples from a separable 3-label stream. */
    static List<List<LabeledSparse>> windows(long seed, boolean flipLabels) {
        LabeledData data = SyntheticText.separable(80, 3, seed);
        TextFeaturizer featurizer = TextFeaturizer.fit(FeatureSpec.defaults().withHashDims(DIMS), data.texts());
        List<String> labels = data.labelSet();
        List<List<LabeledSparse>> windows = new ArrayList<>();
        List<LabeledSparse> current = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            int label = labels.indexOf(data.labels().get(i));
            current.add(new LabeledSparse(featurizer.transform(data.texts().get(i)), flipLabels ? (label + 1) % 3 : label));
            if (current.size() == 20) {
                windows.add(current);
                current = new ArrayList<>();
            }
        }
        return windows;
    }

    @Test
    void progressiveAccuracyIsHighOnASeparableStream() {
        OnlineSoftmax model = new OnlineSoftmax(DIMS, 3, 0.5);
        int correct = 0;
        int seen = 0;
        for (List<LabeledSparse> window : windows(1, false)) {
            // Progressive validation: predict each example before learning from it.
            for (LabeledSparse example : window) {
                if (model.predict(example.features()) == example.label()) {
                    correct++;
                }
                seen++;
            }
            model.update(window);
        }
        assertThat(model.examplesSeen()).isEqualTo(seen);
        assertThat((double) correct / seen).isGreaterThan(0.9);
    }

    @Test
    void sameWindowsGiveIdenticalBytes() {
        OnlineSoftmax a = new OnlineSoftmax(DIMS, 3, 0.5);
        OnlineSoftmax b = new OnlineSoftmax(DIMS, 3, 0.5);
        windows(2, false).forEach(a::update);
        windows(2, false).forEach(b::update);
        assertThat(a.toBytes()).isEqualTo(b.toBytes());
    }

    @Test
    void restoredStateResumesTrainingExactly() {
        List<List<LabeledSparse>> windows = windows(3, false);
        OnlineSoftmax continuous = new OnlineSoftmax(DIMS, 3, 0.5);
        windows.forEach(continuous::update);

        OnlineSoftmax first = new OnlineSoftmax(DIMS, 3, 0.5);
        windows.subList(0, 5).forEach(first::update);
        OnlineSoftmax resumed = OnlineSoftmax.fromBytes(first.toBytes());
        windows.subList(5, windows.size()).forEach(resumed::update);

        assertThat(resumed.toBytes()).isEqualTo(continuous.toBytes());
        assertThat(resumed.examplesSeen()).isEqualTo(continuous.examplesSeen());
    }

    @Test
    void aWeightSnapshotPredictsLikeTheTrainer() {
        OnlineSoftmax trainer = new OnlineSoftmax(DIMS, 3, 0.5);
        List<List<LabeledSparse>> windows = windows(4, false);
        windows.forEach(trainer::update);
        OnlineSoftmax agent = OnlineSoftmax.fromWeights(DIMS, 3, trainer.snapshotWeights());
        for (LabeledSparse example : windows.get(0)) {
            assertThat(agent.predictProba(example.features())).containsExactly(trainer.predictProba(example.features()));
        }
    }

    @Test
    void badInputsAreRefused() {
        OnlineSoftmax model = new OnlineSoftmax(DIMS, 3, 0.5);
        LabeledSparse badLabel = new LabeledSparse(windows(5, false).get(0).get(0).features(), 7);
        assertThatThrownBy(() -> model.update(List.of(badLabel))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnlineSoftmax.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnlineSoftmax.fromWeights(DIMS, 3, new float[10])).isInstanceOf(IllegalArgumentException.class);
    }
}
