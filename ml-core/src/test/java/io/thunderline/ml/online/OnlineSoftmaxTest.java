package io.thunderline.ml.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.testing.SyntheticText;
import io.thunderline.ml.text.FeatureSpec;
import io.thunderline.ml.text.SparseVector;
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
    void weightsAreSizedToTheClassesSeenAndGrowWhenALabelAppears() {
        // labels 0 and 1 only: a 16-class-capacity model stores 2 class rows, exactly a 2-class model's weights
        List<List<LabeledSparse>> twoLabels = windows(6, false).stream()
                .map(w -> w.stream().filter(e -> e.label() < 2).toList()).toList();
        OnlineSoftmax small = new OnlineSoftmax(DIMS, 2, 0.5);
        OnlineSoftmax wide = new OnlineSoftmax(DIMS, 16, 0.5);
        twoLabels.forEach(small::update);
        twoLabels.forEach(wide::update);
        assertThat(wide.activeClasses()).isEqualTo(2);
        assertThat(wide.storedClasses()).isEqualTo(2);
        assertThat(wide.snapshotWeights()).hasSize(2 * DIMS + 2).containsExactly(small.snapshotWeights());
        assertThat(wide.toBytes()).hasSize(32 + 8 * (2 * DIMS + 2));
        for (LabeledSparse example : twoLabels.get(0)) {
            double[] p = wide.predictProba(example.features());
            double[] q = small.predictProba(example.features());
            assertThat(p).hasSize(16);
            assertThat(p[0]).isEqualTo(q[0]);
            assertThat(p[1]).isEqualTo(q[1]);
            assertThat(p[2]).isZero();
        }
        // label 2 appears: one more row, the first two rows and their biases carried over
        float[] before = wide.snapshotWeights();
        LabeledSparse third = windows(6, false).get(0).stream().filter(e -> e.label() == 2).findFirst().orElseThrow();
        wide.update(List.of(third));
        assertThat(wide.storedClasses()).isEqualTo(3);
        assertThat(wide.activeClasses()).isEqualTo(3);
        float[] after = wide.snapshotWeights();
        assertThat(after).hasSize(3 * DIMS + 3);
        assertThat(java.util.Arrays.copyOfRange(after, 2 * DIMS, 3 * DIMS)).isNotEqualTo(new float[DIMS]);
        assertThat(new float[] {after[3 * DIMS], after[3 * DIMS + 1]}).isNotEqualTo(new float[] {before[2 * DIMS], before[2 * DIMS + 1]});
    }

    @Test
    void aGrownModelLearnsExactlyWhatTheModelWithEverySlotAllocatedLearned() {
        // a stream where labels appear one by one (0,1 first, then 2, then 5): the grown model must give the same
        // probabilities and the same weights, bit for bit, as the learner that allocated all 8 slots up front
        List<List<LabeledSparse>> windows = new ArrayList<>(windows(11, false));
        List<List<LabeledSparse>> staged = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            int maxLabel = w < 1 ? 1 : 2;
            int shift = w >= 2 ? 3 : 0;
            staged.add(windows.get(w).stream()
                    .filter(e -> e.label() <= maxLabel)
                    .map(e -> e.label() == 2 && shift > 0 && e.features().size() % 2 == 0
                            ? new LabeledSparse(e.features(), 5) : e)
                    .toList());
        }
        OnlineSoftmax grown = new OnlineSoftmax(DIMS, 8, 0.5);
        PreallocatedSoftmax reference = new PreallocatedSoftmax(DIMS, 8, 0.5);
        List<Integer> storedAfter = new ArrayList<>();
        for (List<LabeledSparse> window : staged) {
            for (LabeledSparse example : window) {
                assertThat(grown.predictProba(example.features())).containsExactly(reference.predictProba(example.features()));
                for (int active = 2; active <= 8; active++) {
                    assertThat(grown.predictProba(example.features(), active))
                            .containsExactly(reference.predictProba(example.features(), active));
                }
                grown.update(List.of(example));
                reference.update(List.of(example));
            }
            storedAfter.add(grown.storedClasses());
        }
        assertThat(storedAfter.get(0)).isEqualTo(2);
        assertThat(storedAfter.get(1)).isEqualTo(3);
        assertThat(grown.storedClasses()).isEqualTo(6);
        assertThat(grown.activeClasses()).isEqualTo(reference.activeClasses()).isEqualTo(6);
        // the stored rows are the reference's first six rows and its first six biases; the rest of it stayed zero
        float[] g = grown.snapshotWeights();
        float[] r = reference.snapshotWeights();
        assertThat(java.util.Arrays.copyOf(g, 6 * DIMS)).containsExactly(java.util.Arrays.copyOf(r, 6 * DIMS));
        assertThat(java.util.Arrays.copyOfRange(g, 6 * DIMS, 6 * DIMS + 6))
                .containsExactly(java.util.Arrays.copyOfRange(r, 8 * DIMS, 8 * DIMS + 6));
        assertThat(java.util.Arrays.copyOfRange(r, 6 * DIMS, 8 * DIMS)).containsOnly(0f);
        assertThat(g).isNotEqualTo(new float[g.length]);
    }

    @Test
    void predictThenUpdateIsPredictProbaThenUpdateInOnePass() {
        List<List<LabeledSparse>> windows = windows(12, false);
        for (int vocabulary : new int[] {2, 3, 5}) {
            OnlineSoftmax twoCalls = new OnlineSoftmax(DIMS, 8, 0.5);
            OnlineSoftmax onePass = new OnlineSoftmax(DIMS, 8, 0.5);
            for (List<LabeledSparse> window : windows) {
                for (LabeledSparse e : window) {
                    int label = vocabulary == 2 ? e.label() % 2 : e.label();
                    int scored = OnlineSoftmax.activeFor(vocabulary, 8);
                    double[] expected = twoCalls.predictProba(e.features(), scored);
                    twoCalls.update(List.of(new LabeledSparse(e.features(), label)));
                    assertThat(onePass.predictThenUpdate(e.features(), label, scored)).containsExactly(expected);
                }
            }
            assertThat(onePass.toBytes()).isEqualTo(twoCalls.toBytes());
            assertThat(onePass.examplesSeen()).isEqualTo(twoCalls.examplesSeen()).isPositive();
        }
        OnlineSoftmax model = new OnlineSoftmax(DIMS, 3, 0.5);
        SparseVector x = windows.get(0).get(0).features();
        assertThatThrownBy(() -> model.predictThenUpdate(x, 3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.predictThenUpdate(x, 0, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThat(model.examplesSeen()).isZero();
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
        assertThat(restored.storedClasses()).isEqualTo(3);
        assertThat(restored.classes()).isEqualTo(8);
        assertThat(OnlineSoftmax.activeFor(3, 8)).isEqualTo(3);
        assertThat(OnlineSoftmax.activeFor(1, 8)).isEqualTo(2);
        assertThat(OnlineSoftmax.activeFor(12, 8)).isEqualTo(8);
        LabeledSparse example = windows.get(2).get(0);
        double[] bare = OnlineSoftmax.predictProba(model.snapshotWeights(), DIMS, 3, 3, example.features());
        assertThat(java.util.Arrays.copyOf(restored.predictProba(example.features()), 3)).containsExactly(bare);
    }

    @Test
    void earlierFormatSnapshotsLoadWithEverySlotStoredAndCompactToTheSeenOnes() {
        PreallocatedSoftmax old = new PreallocatedSoftmax(DIMS, 5, 0.5);
        OnlineSoftmax now = new OnlineSoftmax(DIMS, 5, 0.5);
        windows(8, false).forEach(old::update);
        windows(8, false).forEach(now::update);
        byte[] v2 = old.toBytes();
        OnlineSoftmax loaded = OnlineSoftmax.fromBytes(v2);
        // its weights, and so the checksum stored with them, stay as they were until compacted
        assertThat(loaded.storedClasses()).isEqualTo(5);
        assertThat(loaded.activeClasses()).isEqualTo(3);
        assertThat(loaded.snapshotWeights()).containsExactly(old.snapshotWeights());
        LabeledSparse example = windows(9, false).get(0).get(0);
        assertThat(loaded.predictProba(example.features())).containsExactly(old.predictProba(example.features()));
        assertThat(loaded.compact().storedClasses()).isEqualTo(3);
        assertThat(loaded.toBytes()).isEqualTo(now.toBytes());
        assertThat(loaded.examplesSeen()).isEqualTo(old.examplesSeen());

        // OSM1 = OSM2 without the active count, weights and history feature-major (w[f * classes + k])
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(v2.length - 4);
        v1.putInt(0x4F534D31).put(v2, 4, 8).put(v2, 16, 12);
        java.nio.FloatBuffer floats = java.nio.ByteBuffer.wrap(v2, 28, v2.length - 28).asFloatBuffer();
        int n = DIMS * 5 + 5;
        for (int array = 0; array < 2; array++) {
            float[] classMajor = new float[n];
            floats.get(classMajor);
            for (int f = 0; f < DIMS; f++) {
                for (int k = 0; k < 5; k++) {
                    v1.putFloat(classMajor[k * DIMS + f]);
                }
            }
            for (int k = 0; k < 5; k++) {
                v1.putFloat(classMajor[5 * DIMS + k]);
            }
        }
        OnlineSoftmax first = OnlineSoftmax.fromBytes(v1.array());
        assertThat(first.activeClasses()).isEqualTo(5);
        assertThat(first.storedClasses()).isEqualTo(5);
        assertThat(first.snapshotWeights()).containsExactly(old.snapshotWeights());
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
        assertThat(out.toByteArray()).isEqualTo(model.toBytes()).hasSize(32 + 8 * (DIMS * 3 + 3));
    }
}
