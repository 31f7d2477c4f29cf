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
        OnlineSoftmax agent = OnlineSoftmax.fromWeights(DIMS, 3, trainer.activeClasses(), trainer.snapshotWeights());
        for (LabeledSparse example : windows.get(0)) {
            assertThat(agent.predictProba(example.features())).containsExactly(trainer.predictProba(example.features()));
        }
    }

    @Test
    void unusedSlotsCostNothingAndChangeNothing() {
        // labels 0 and 1 only: a 16-slot model must learn exactly what a 2-slot model learns
        List<List<LabeledSparse>> twoLabels = windows(6, false).stream()
                .map(w -> w.stream().filter(e -> e.label() < 2).toList()).toList();
        OnlineSoftmax small = new OnlineSoftmax(DIMS, 2, 0.5);
        OnlineSoftmax wide = new OnlineSoftmax(DIMS, 16, 0.5);
        twoLabels.forEach(small::update);
        twoLabels.forEach(wide::update);
        assertThat(wide.activeClasses()).isEqualTo(2);
        float[] s = small.snapshotWeights();
        float[] w = wide.snapshotWeights();
        // class-major: the two labels' weights lead both arrays, the unused slots stay zero, biases come last
        assertThat(java.util.Arrays.copyOf(w, 2 * DIMS)).containsExactly(java.util.Arrays.copyOf(s, 2 * DIMS));
        assertThat(java.util.Arrays.copyOfRange(w, 2 * DIMS, 16 * DIMS)).containsOnly(0f);
        assertThat(new float[] {w[16 * DIMS], w[16 * DIMS + 1]}).containsExactly(s[2 * DIMS], s[2 * DIMS + 1]);
        for (LabeledSparse example : twoLabels.get(0)) {
            double[] p = wide.predictProba(example.features());
            double[] q = small.predictProba(example.features());
            assertThat(p[0]).isEqualTo(q[0]);
            assertThat(p[1]).isEqualTo(q[1]);
            assertThat(p[2]).isZero();
        }
    }

    @Test
    void aNewLabelActivatesItsSlotAndSurvivesARestore() {
        OnlineSoftmax model = new OnlineSoftmax(DIMS, 8, 0.5);
        List<List<LabeledSparse>> windows = windows(7, false);
        model.update(windows.get(0).stream().filter(e -> e.label() == 0).toList());
        assertThat(model.activeClasses()).isEqualTo(2);
        model.update(windows.get(1));
        assertThat(model.activeClasses()).isEqualTo(3);
        OnlineSoftmax restored = OnlineSoftmax.fromBytes(model.toBytes());
        assertThat(restored.activeClasses()).isEqualTo(3);
        assertThat(OnlineSoftmax.activeFor(3, 8)).isEqualTo(3);
        assertThat(OnlineSoftmax.activeFor(1, 8)).isEqualTo(2);
        assertThat(OnlineSoftmax.activeFor(12, 8)).isEqualTo(8);
        LabeledSparse example = windows.get(2).get(0);
        assertThat(restored.predictProba(example.features()))
                .containsExactly(OnlineSoftmax.predictProba(model.snapshotWeights(), DIMS, 8, 3, example.features()));
    }

    @Test
    void firstFormatSnapshotsStillLoadWithEverySlotActive() {
        OnlineSoftmax model = new OnlineSoftmax(DIMS, 3, 0.5);
        windows(8, false).forEach(model::update);
        byte[] v2 = model.toBytes();
        // OSM1 = the same without the active count, weights and history feature-major (w[f * classes + k])
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(v2.length - 4);
        v1.putInt(0x4F534D31).put(v2, 4, 8).put(v2, 16, 12);
        java.nio.FloatBuffer floats = java.nio.ByteBuffer.wrap(v2, 28, v2.length - 28).asFloatBuffer();
        int n = DIMS * 3 + 3;
        for (int array = 0; array < 2; array++) {
            float[] classMajor = new float[n];
            floats.get(classMajor);
            for (int f = 0; f < DIMS; f++) {
                for (int k = 0; k < 3; k++) {
                    v1.putFloat(classMajor[k * DIMS + f]);
                }
            }
            for (int k = 0; k < 3; k++) {
                v1.putFloat(classMajor[3 * DIMS + k]);
            }
        }
        OnlineSoftmax old = OnlineSoftmax.fromBytes(v1.array());
        assertThat(old.activeClasses()).isEqualTo(3);
        assertThat(old.toBytes()).isEqualTo(v2);
        assertThat(old.examplesSeen()).isEqualTo(model.examplesSeen());
    }

    @Test
    void badInputsAreRefused() {
        OnlineSoftmax model = new OnlineSoftmax(DIMS, 3, 0.5);
        LabeledSparse badLabel = new LabeledSparse(windows(5, false).get(0).get(0).features(), 7);
        assertThatThrownBy(() -> model.update(List.of(badLabel))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnlineSoftmax.fromBytes(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnlineSoftmax.fromWeights(DIMS, 3, 3, new float[10])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void streamedStateEqualsItsBytes() throws Exception {
        OnlineSoftmax model = new OnlineSoftmax(DIMS, 3, 0.5);
        windows(2, false).forEach(model::update);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        model.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(model.toBytes()).hasSizeGreaterThan(28 + 8 * DIMS * 3);
    }
}
