package io.thunderline.ml.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OnlineAccuracyTest {

    @Test
    void matchesPublishedWilsonIntervals() {
        // Newcombe (1998), Table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605
        OnlineAccuracy a = OnlineAccuracy.of(81, 263);
        assertThat(a.accuracy()).isCloseTo(0.3080, within(1e-4));
        assertThat(a.low()).isCloseTo(0.2553, within(1e-4));
        assertThat(a.high()).isCloseTo(0.3662, within(1e-4));
        OnlineAccuracy b = OnlineAccuracy.of(15, 148);
        assertThat(b.low()).isCloseTo(0.0624, within(1e-4));
        assertThat(b.high()).isCloseTo(0.1605, within(1e-4));
    }

    @Test
    void allRightOrAllWrongStillLeavesRoomWhenFewWereJudged() {
        OnlineAccuracy three = OnlineAccuracy.of(3, 3);
        assertThat(three.accuracy()).isEqualTo(1.0);
        assertThat(three.high()).isEqualTo(1.0);
        assertThat(three.low()).isCloseTo(0.4385, within(1e-4));
        OnlineAccuracy none = OnlineAccuracy.of(0, 10);
        assertThat(none.low()).isEqualTo(0.0);
        assertThat(none.high()).isCloseTo(0.2775, within(1e-4));
    }

    @Test
    void theIntervalNarrowsAsJudgementsAccumulate() {
        double previous = 1;
        for (int n : new int[]{10, 100, 1000, 10000}) {
            OnlineAccuracy a = OnlineAccuracy.of(n * 8L / 10, n);
            double width = a.high() - a.low();
            assertThat(width).isLessThan(previous);
            assertThat(a.low()).isLessThan(0.8);
            assertThat(a.high()).isGreaterThan(0.8);
            previous = width;
        }
        assertThat(previous).isLessThan(0.02);
    }

    @Test
    void nothingJudgedIsUnknownNotZero() {
        OnlineAccuracy empty = OnlineAccuracy.of(0, 0);
        assertThat(empty.accuracy()).isNaN();
        assertThat(empty.low()).isEqualTo(0.0);
        assertThat(empty.high()).isEqualTo(1.0);
        assertThatThrownBy(() -> OnlineAccuracy.of(4, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
