package io.thunderline.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * ./thunderline up: Kafka, PostgreSQL, MLflow (when installed) and the five services on their usual ports, until
 * Ctrl-C or ./thunderline down. State (data, logs, pid) lives in .thunderline/ of the project.
 */
public final class LocalStack {
    private LocalStack() {
    }

    static int port(String env, int fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
    }

    public static void main(String[] args) throws Exception {
        try {
            up();
        } catch (RuntimeException e) {
            System.err.println("[thunderline] could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void up() throws Exception {
        Path state = ProjectPaths.root().resolve(".thunderline");
        Path logs = state.resolve("logs");
        Files.createDirectories(logs);
        Path ready = state.resolve("ready");
        Files.deleteIfExists(ready);
        Files.writeString(state.resolve("stack.pid"), Long.toString(ProcessHandle.current().pid()));

        int kafkaPort = port("THUNDERLINE_KAFKA_PORT", 9092);
        int pgPort = port("THUNDERLINE_PG_PORT", 5432);
        int mlflowPort = port("THUNDERLINE_MLFLOW_PORT", 5000);
        for (int p : new int[]{kafkaPort, pgPort, mlflowPort, 8080, 8081, 8082, 8083, 8084}) {
            if (Ports.listening(p)) {
                throw new IllegalStateException("port " + p + " is already in use: is the stack already up (./thunderline down)"
                        + " or another server running? Free it or set THUNDERLINE_KAFKA_PORT / THUNDERLINE_PG_PORT / "
                        + "THUNDERLINE_MLFLOW_PORT.");
            }
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Holder holder = new Holder();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping Thunderline ...");
            holder.close();
            try {
                Files.deleteIfExists(ready);
                Files.deleteIfExists(state.resolve("stack.pid"));
            } catch (IOException ignored) {
                // best effort
            }
            System.out.println("stopped.");
            stopped.countDown();
        }, "thunderline-stop"));

        say("starting Kafka :" + kafkaPort + ", PostgreSQL :" + pgPort
                + (MlflowServer.command().isPresent() ? ", MLflow :" + mlflowPort : " (MLflow not installed: pip install mlflow)"));
        holder.infra = Infra.start(new Infra.Options(state.resolve("infra"), kafkaPort, pgPort, mlflowPort, true));
        InfraEndpoints endpoints = holder.infra.endpoints();
        say("starting the five services ...");
        // one key pair for the local deployment, made on the first start and kept: tokens survive a restart
        ServiceKeys keys = ServiceKeys.in(state.resolve("keys"));
        holder.fleet = new ServiceFleet(endpoints, logs, ServiceSpec::defaultPort, keys);
        holder.fleet.startAll(Map.of(), Duration.ofSeconds(180));

        StringBuilder summary = new StringBuilder();
        summary.append("\nThunderline Training is up.\n\n  Open  http://localhost:8080/training/prompt\n\n");
        for (ServiceFleet.Running r : holder.fleet.all()) {
            summary.append(String.format("  %-18s %s   log %s%n", r.spec().name(), r.url(), r.process().log()));
        }
        summary.append(String.format("  %-18s %s   log %s%n", "kafka", endpoints.kafkaBootstrap(), state.resolve("infra/kafka/kafka.log")));
        summary.append(String.format("  %-18s %s%n", "postgresql", endpoints.pgUrl()));
        endpoints.mlflowUrl().ifPresent(url -> summary.append(String.format("  %-18s %s   log %s%n", "mlflow", url,
                state.resolve("infra/mlflow/mlflow.log"))));
        summary.append(String.format("  %-18s %s (agents: THUNDERLINE_AGENT_KEY from %s)%n", "keys",
                keys.publicKeyFile().getParent(), keys.publicKeyFile().resolveSibling("agent.key")));
        summary.append(Boolean.getBoolean("thunderline.detached") ? "\nStop with ./thunderline down\n"
                : "\nStop with Ctrl-C (or ./thunderline down from another terminal)\n");
        System.out.println(summary);
        Files.writeString(ready, summary.toString());
        stopped.await();
    }

    private static void say(String line) {
        System.out.println("[thunderline] " + line);
    }

    private static final class Holder {
        volatile Infra infra;
        volatile ServiceFleet fleet;

        synchronized void close() {
            if (fleet != null) {
                fleet.close();
                fleet = null;
            }
            if (infra != null) {
                infra.close();
                infra = null;
            }
        }
    }

}
