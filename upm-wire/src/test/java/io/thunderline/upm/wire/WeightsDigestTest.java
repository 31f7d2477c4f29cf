package io.thunderline.upm.wire;

import io.thunderline.ml.online.AdapterDelta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightsDigestTest {

    @Test
    void updatingByDeltaEqualsRecomputing() {
        Random random = new Random(11);
        float[] base = new float[50_000];
        for (int i = 0; i < base.length; i += 3) {
            base[i] = (float) random.nextGaussian();
        }
        float[] target = base.clone();
        for (int n = 0; n < 700; n++) {
            int at = random.nextInt(target.length);
            target[at] = n % 5 == 0 ? 0f : (float) random.nextGaussian();
        }
        AdapterDelta delta = AdapterDelta.between(base, target);
        long updated = WeightsDigest.afterDelta(WeightsDigest.of(base), base, delta);
        assertThat(updated).isEqualTo(WeightsDigest.of(target));
        assertThat(updated).isNotEqualTo(WeightsDigest.of(base));
        WeightsDigest.Summary summary = WeightsDigest.summarize(target);
        assertThat(summary.digest()).isEqualTo(WeightsDigest.of(target));
        int nonZero = 0;
        for (float v : target) {
            nonZero += v != 0 ? 1 : 0;
        }
        assertThat(summary.nonZero()).isEqualTo(nonZero);
    }

    @Test
    void seesAWrongBaseASwapAndASignFlip() {
        float[] w = {0f, 1.5f, -2f, 0.25f};
        long digest = WeightsDigest.of(w);
        assertThat(WeightsDigest.of(new float[4])).isZero();
        assertThat(WeightsDigest.of(new float[] {0f, -2f, 1.5f, 0.25f})).isNotEqualTo(digest);
        assertThat(WeightsDigest.of(new float[] {0f, 1.5f, 2f, 0.25f})).isNotEqualTo(digest);
        assertThat(WeightsDigest.of(new float[] {0f, 1.5f, -2f, 0.25000003f})).isNotEqualTo(digest);
        // a delta computed against another base leaves a digest that matches neither
        float[] otherBase = {0f, 1.5f, -2f, 9f};
        float[] target = {1f, 1.5f, -2f, 0.25f};
        long applied = WeightsDigest.afterDelta(WeightsDigest.of(otherBase), otherBase, AdapterDelta.between(w, target));
        assertThat(applied).isNotEqualTo(WeightsDigest.of(target));
        assertThat(WeightsDigest.hex(digest)).hasSize(16);
    }
}
