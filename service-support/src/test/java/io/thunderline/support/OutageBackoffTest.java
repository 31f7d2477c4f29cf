package io.thunderline.support;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutageBackoffTest {
    final AtomicLong clock = new AtomicLong();
    final OutageBackoff backoff = new OutageBackoff(Logger.getLogger(OutageBackoffTest.class), "test loop", 100, 5_000,
            clock::get);

    @Test
    void thePauseDoublesPerFailureInARowUpToTheCeiling() {
        assertThat(backoff.pauseMillis()).isEqualTo(200);
        long[] pauses = new long[8];
        for (int i = 0; i < pauses.length; i++) {
            pauses[i] = backoff.failed(new RuntimeException("down"));
        }
        assertThat(pauses).containsExactly(200, 400, 800, 1600, 3200, 5000, 5000, 5000);
        assertThat(backoff.failures()).isEqualTo(8);
    }

    @Test
    void aSuccessEndsTheOutageAndTheNextFailureStartsAgainAtTheBottom() {
        backoff.failed(new RuntimeException("down"));
        backoff.failed(new RuntimeException("down"));
        backoff.succeeded();
        assertThat(backoff.failures()).isZero();
        assertThat(backoff.failed(new RuntimeException("down again"))).isEqualTo(200);
    }

    @Test
    void manyFailuresDoNotOverflowThePause() {
        for (int i = 0; i < 1_000; i++) {
            backoff.failed(new RuntimeException("down"));
        }
        assertThat(backoff.pauseMillis()).isEqualTo(5_000);
    }

    @Test
    void aCeilingBelowTheBaseIsRefused() {
        assertThatThrownBy(() -> new OutageBackoff(Logger.getLogger("x"), "x", 100, 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseMillis");
    }
}
