package io.thunderline.tracking.client;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlflowClientsTest {
    @Test
    void aServerThatNeverAnswersTimesOutInsteadOfHangingTheCaller() throws Exception {
        // accepts connections and reads nothing back: what a hung MLflow looks like to the client
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        accepted.add(silent.accept());
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            var client = MlflowClients.withTimeouts("http://127.0.0.1:" + silent.getLocalPort(), Duration.ofSeconds(1),
                    Duration.ofMillis(700));
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> MlflowGateway.call("get experiment", () -> client.getExperiment("0")))
                    .isInstanceOf(MlflowUnavailableException.class)
                    .hasMessageContaining("SocketTimeoutException");
            // the client's own retries included, far below "forever"
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aServerThatIsNotThereIsUnavailableAtOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var client = MlflowClients.withTimeouts("http://127.0.0.1:" + port, Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThatThrownBy(() -> MlflowGateway.call("get experiment", () -> client.getExperiment("0")))
                .isInstanceOf(MlflowUnavailableException.class)
                .hasMessageContaining("Connection refused");
    }
}
