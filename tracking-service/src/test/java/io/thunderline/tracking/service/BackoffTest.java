package io.thunderline.tracking.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void doublesFromTheMinimumUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(15));
        assertThat(b.after(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.after(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.after(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.after(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.after(6)).isEqualTo(Duration.ofSeconds(15));
        assertThat(b.after(1_000)).isEqualTo(Duration.ofSeconds(15));
    }
}
