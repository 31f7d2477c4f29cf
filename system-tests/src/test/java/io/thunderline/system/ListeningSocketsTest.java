package io.thunderline.system;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ListeningSocketsTest {
    @Test
    void decodesProcAddresses() {
        assertThat(ListeningSockets.listener("0100007F", 8081)).isEqualTo(new ListeningSockets.Listener("127.0.0.1", 8081, true));
        assertThat(ListeningSockets.listener("00000000", 8080).loopback()).isFalse();
        assertThat(ListeningSockets.listener("00000000000000000000000000000000", 8080).loopback()).isFalse();
        assertThat(ListeningSockets.listener("00000000000000000000000001000000", 8080).loopback()).isTrue();
    }

    @Test
    void findsThisProcessesOwnListeners() throws Exception {
        try (ServerSocket loop = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket any = new ServerSocket(0)) {
            Set<ListeningSockets.Listener> found = ListeningSockets.of(Set.of(ProcessHandle.current().pid()));
            assertThat(found).anyMatch(l -> l.port() == loop.getLocalPort() && l.loopback());
            assertThat(found).anyMatch(l -> l.port() == any.getLocalPort() && !l.loopback());
        }
    }
}
