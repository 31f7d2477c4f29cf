package io.thunderline.ml.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterDeltaTest {

    @Test
    void applyingTheDeltaToTheBaseGivesTheTargetExactly() {
        OnlineSoftmax model = new OnlineSoftmax(OnlineSoftmaxTest.DIMS, 3, 0.5);
        List<List<LabeledSparse>> windows = OnlineSoftmaxTest.windows(6, false);
        windows.subList(0, 4).forEach(model::update);
        float[] base = model.snapshotWeights();
        windows.subList(4, 5).forEach(model::update);
        float[] target = model.snapshotWeights();

        AdapterDelta delta = AdapterDelta.between(base, target);
        assertThat(delta.applyTo(base)).containsExactly(target);
        assertThat(delta.size()).isPositive().isLessThan(base.length / 4);
        assertThat(delta.smallerThanFull()).isTrue();
        assertThat(AdapterDelta.fromBytes(delta.toBytes())).isEqualTo(delta);
        assertThat(delta.toBytes()).hasSize(delta.byteSize());
    }

    @Test
    void changesAtTheEdgesAndInLongRunsAreAllFound() {
        float[] base = new float[10_000];
        float[] target = base.clone();
        int[] at = {0, 1, 2, 517, 4096, 9_998, 9_999};
        for (int i : at) {
            target[i] = i + 0.5f;
        }
        target[3] = -0f; // a sign change of zero is a change of bits
        AdapterDelta delta = AdapterDelta.between(base, target);
        assertThat(delta.indices()).containsExactly(0, 1, 2, 3, 517, 4096, 9_998, 9_999);
        assertThat(delta.applyTo(base)).containsExactly(target);
        assertThat(AdapterDelta.nonZero(target).indices()).containsExactly(delta.indices());
    }

    @Test
    void identicalSnapshotsGiveAnEmptyDelta() {
        float[] weights = {1f, -2f, 0.5f};
        AdapterDelta delta = AdapterDelta.between(weights, weights.clone());
        assertThat(delta.size()).isZero();
        assertThat(delta.applyTo(weights)).containsExactly(weights);
    }

    @Test
    void mismatchedLengthsAndBadBytesAreRefused() {
        assertThatThrownBy(() -> AdapterDelta.between(new float[3], new float[4])).isInstanceOf(IllegalArgumentException.class);
        AdapterDelta delta = AdapterDelta.between(new float[] {0, 0}, new float[] {0, 1});
        assertThatThrownBy(() -> delta.applyTo(new float[5])).isInstanceOf(IllegalArgumentException.class);
        byte[] bytes = delta.toBytes();
        assertThatThrownBy(() -> AdapterDelta.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
