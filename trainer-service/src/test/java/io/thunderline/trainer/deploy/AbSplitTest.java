package io.thunderline.trainer.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AbSplitTest {

    @Test
    void bAnswersBelowItsShare() {
        assertThat(AbSplit.choose(0.25, 0.0)).isEqualTo(AbSplit.Arm.B);
        assertThat(AbSplit.choose(0.25, 0.2499)).isEqualTo(AbSplit.Arm.B);
        assertThat(AbSplit.choose(0.25, 0.25)).isEqualTo(AbSplit.Arm.A);
        assertThat(AbSplit.choose(0.0, 0.0)).as("share 0: never B").isEqualTo(AbSplit.Arm.A);
        assertThat(AbSplit.choose(1.0, 0.9999999)).as("share 1: always B").isEqualTo(AbSplit.Arm.B);
    }

    @Test
    void freshDrawsGiveTheShareWithinBinomialNoise() {
        int n = 20_000;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (AbSplit.choose(0.3, AbSplit.draw("d", null)) == AbSplit.Arm.B) {
                b++;
            }
        }
        double sd = Math.sqrt(n * 0.3 * 0.7);
        assertThat((double) b).isBetween(n * 0.3 - 5 * sd, n * 0.3 + 5 * sd);
    }

    @Test
    void aKeyAlwaysLandsOnTheSameSideAndKeysSpreadUniformly() {
        assertThat(AbSplit.draw("dep-1", "user-7")).isEqualTo(AbSplit.draw("dep-1", "user-7"));
        assertThat(AbSplit.draw("dep-1", "user-7")).isNotEqualTo(AbSplit.draw("dep-2", "user-7"));
        int n = 10_000;
        int b = 0;
        for (int i = 0; i < n; i++) {
            double u = AbSplit.draw("dep-1", "user-" + i);
            assertThat(u).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            if (AbSplit.choose(0.5, u) == AbSplit.Arm.B) {
                b++;
            }
        }
        double sd = Math.sqrt(n * 0.25);
        assertThat((double) b).isBetween(n * 0.5 - 5 * sd, n * 0.5 + 5 * sd);
    }
}
