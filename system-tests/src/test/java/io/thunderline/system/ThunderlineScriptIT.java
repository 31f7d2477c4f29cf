package io.thunderline.system;

import io.thunderline.infra.ProjectPaths;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command: ./thunderline up -d brings everything up; ./thunderline down leaves nothing behind. */
class ThunderlineScriptIT {
    static final List<String> OURS = List.of("java", "postgres", "kafka", "mlflow", "gunicorn", "uvicorn");

    @Test
    void upStartsEveryServiceAndDownStopsEveryProcessItStarted() throws Exception {
        Path root = ProjectPaths.root();
        Set<Long> before = ourProcesses();

        Process up = new ProcessBuilder(root.resolve("thunderline").toString(), "up", "-d").directory(root.toFile())
                .redirectErrorStream(true).start();
        String upOutput = new String(up.getInputStream().readAllBytes());
        assertThat(up.waitFor(10, TimeUnit.MINUTES)).isTrue();
        try {
            assertThat(up.exitValue()).as(upOutput).isZero();
            assertThat(upOutput).contains("http://localhost:8080/training/prompt").contains("log ");
            HttpClient http = HttpClient.newHttpClient();
            for (int port = 8080; port <= 8084; port++) {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/q/health/ready")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as("port " + port + ": " + ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("\"status\": \"UP\"");
            }
            assertThat(ourProcesses()).as("the stack's processes").hasSizeGreaterThan(before.size());
            onlyThePageListensBeyondLoopback(before);
        } finally {
            Process down = new ProcessBuilder(root.resolve("thunderline").toString(), "down").directory(root.toFile())
                    .redirectErrorStream(true).start();
            String downOutput = new String(down.getInputStream().readAllBytes());
            assertThat(down.waitFor(3, TimeUnit.MINUTES)).as(downOutput).isTrue();
        }
        // the guards stop children asynchronously: give them their grace period
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<Long> left = leftOver(before, root);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            left = leftOver(before, root);
        }
        assertThat(describe(left)).as("processes left after ./thunderline down").isEmpty();
    }

    /** Backends, Kafka, PostgreSQL and MLflow listen on 127.0.0.1; only the page is reachable from other machines. */
    private static void onlyThePageListensBeyondLoopback(Set<Long> before) throws Exception {
        Set<Long> stack = ourProcesses().stream().filter(pid -> !before.contains(pid)).collect(Collectors.toSet());
        Set<ListeningSockets.Listener> listeners = ListeningSockets.of(stack);
        assertThat(listeners).as("the stack listens").extracting(ListeningSockets.Listener::port)
                .contains(8080, 8081, 8082, 8083, 8084, 9092, 5432);
        assertThat(listeners.stream().filter(l -> !l.loopback()).map(ListeningSockets.Listener::port).distinct())
                .as("ports open beyond loopback, of %s", listeners).containsExactly(8080);
    }

    /**
     * New processes that belong to this project's stack: their command line names the project (state dir, jars,
     * broker config) or they are MLflow's server processes. Other work on the machine is not counted.
     */
    private static Set<Long> leftOver(Set<Long> before, Path root) {
        String project = root.toString();
        return ourProcesses().stream().filter(pid -> !before.contains(pid))
                .filter(pid -> ProcessHandle.of(pid).flatMap(p -> p.info().commandLine())
                        .map(c -> c.contains(project) || c.contains("mlflow") || c.contains("uvicorn")
                                || c.contains("gunicorn") || c.contains("multiprocessing"))
                        .orElse(false))
                .collect(Collectors.toSet());
    }

    private static Set<Long> ourProcesses() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && p.isAlive())
                .filter(p -> p.info().commandLine().or(() -> p.info().command()).map(c -> OURS.stream().anyMatch(c::contains)).orElse(false))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static List<String> describe(Set<Long> pids) {
        return pids.stream().map(pid -> ProcessHandle.of(pid).map(p -> pid + " " + p.info().commandLine().orElse("?"))
                .orElse(pid + " (gone)")).filter(s -> !s.endsWith("(gone)")).toList();
    }
}
