package io.thunderline.infra;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {
    @Test
    void neverHandsOutTheSamePortTwice() {
        // Kafka refused to format its storage when its listener and controller ports came out equal
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(1, 65535);
            assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
    }
}
