package io.thunderline.upm.service;

import io.thunderline.contracts.UpmStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPublisherTest {
    @Test
    void aStatusIsTheSameWhateverItsTime() {
        UpmStatus a = new UpmStatus(1, 1, 2, 0.1, 3, 3, true, Instant.now());
        assertThat(StatusPublisher.same(a, new UpmStatus(1, 1, 2, 0.1, 3, 3, true, Instant.now().plusSeconds(5)))).isTrue();
        assertThat(StatusPublisher.same(a, new UpmStatus(1, 1, 2, 0.1, 2, 3, true, Instant.now()))).isFalse();
        assertThat(StatusPublisher.same(a, new UpmStatus(1, 1, 2, null, 3, 3, true, Instant.now()))).isFalse();
        assertThat(StatusPublisher.same(a, null)).isFalse();
    }
}
