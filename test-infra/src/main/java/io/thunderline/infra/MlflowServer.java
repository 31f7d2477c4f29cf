package io.thunderline.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real MLflow tracking server (PyPI mlflow), started only when the mlflow command is installed. */
public final class MlflowServer implements AutoCloseable {
    private final GuardedProcess process;
    private final int port;

    private MlflowServer(GuardedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Optional<Path> command() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "mlflow");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static MlflowServer start(Path stateDir, int port) {
        Path mlflow = command().orElseThrow(() -> new IllegalStateException("mlflow is not installed; pip install mlflow"));
        try {
            Path artifacts = stateDir.resolve("mlflow-artifacts");
            Files.createDirectories(artifacts);
            List<String> cmd = List.of(mlflow.toString(), "server", "--host", System.getenv().getOrDefault("THUNDERLINE_MLFLOW_HOST", "127.0.0.1"), "--port", Integer.toString(port),
                    "--backend-store-uri", "sqlite:///" + stateDir.resolve("mlflow.db").toAbsolutePath(),
                    "--artifacts-destination", artifacts.toAbsolutePath().toString(),
                    "--serve-artifacts", "--workers", "1");
            GuardedProcess process = GuardedProcess.start("mlflow", cmd, stateDir, stateDir.resolve("mlflow.log"),
                    // MLflow 3's job runner (huey consumers for GenAI jobs, which nothing here submits) starts several
                    // Python processes that import MLflow at once: seconds of CPU on a 2-core machine, while tests and
                    // benchmarks start their own servers beside it
                    Map.of("MLFLOW_HOME", stateDir.toString(), "MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false"), 5);
            MlflowServer server = new MlflowServer(process, port);
            server.awaitHealthy(Duration.ofSeconds(120));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare MLflow in " + stateDir, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public GuardedProcess process() {
        return process;
    }

    public static boolean healthy(String url) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!healthy(url())) {
            if (!process.alive()) {
                throw new IllegalStateException("MLflow exited during start; see " + process.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("MLflow not healthy within " + timeout.toSeconds() + " s; see " + process.log());
            }
            Ports.sleep(250);
        }
    }

    @Override
    public void close() {
        process.stop(20);
    }
}
