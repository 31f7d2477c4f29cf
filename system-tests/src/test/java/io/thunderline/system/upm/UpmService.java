package io.thunderline.system.upm;

import io.thunderline.infra.GuardedProcess;
import io.thunderline.infra.InfraEndpoints;
import io.thunderline.infra.Ports;
import io.thunderline.infra.ServiceSpec;
import io.thunderline.infra.UpmTestConfig;

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

/**
 * upm-service alone as a real process (its packaged jar, the heap and collector the fleet gives it) on shared Kafka
 * and PostgreSQL, keeping the test's data its own: a fresh schema, and consumer groups that start at the current end
 * of the topics (windows and acks other tests or earlier runs left on the shared broker are not applied). Short
 * intervals for tests; the caller's settings go on top.
 */
public final class UpmService implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String run;
    private final int port;
    private final List<String> command;
    private GuardedProcess process;

    private UpmService(String run, int port, List<String> command, GuardedProcess process) {
        this.run = run;
        this.port = port;
        this.command = List.copyOf(command);
        this.process = process;
    }

    /** A fresh id for a run's schema, consumer groups, agent and window ids. */
    public static String newRun() {
        return UpmTestConfig.newRun();
    }

    /** The settings every UPM system test starts from: test-infra's isolated UPM settings, plus agents' liveness. */
    static Map<String, String> isolated(InfraEndpoints endpoints, String run) {
        Map<String, String> config = UpmTestConfig.isolated(endpoints, run);
        // agents heartbeat every 2 s in these tests: offline after 4 missed heartbeats
        config.put("thunderline.upm.agents.offline-after", "8s");
        return config;
    }

    /**
     * Starts the service on a free port of the loopback interface and waits until it is ready.
     *
     * @param settings   Quarkus/Thunderline settings over the isolated defaults
     * @param jvmOptions extra JVM options (e.g. a flight recording), may be empty
     * @param logDir     where upm-service.log (and its guard's pid file) go: one directory per process
     */
    public static UpmService start(InfraEndpoints endpoints, String run, Map<String, String> settings,
                                   List<String> jvmOptions, Path logDir, Duration timeout) {
        Map<String, String> config = isolated(endpoints, run);
        int port = Ports.free();
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("quarkus.http.host", "127.0.0.1");
        // fetch URLs of adapters name the interface the service listens on
        config.put("thunderline.upm.adapters.public-base-url", "http://127.0.0.1:" + port + "/");
        config.putAll(settings);
        ServiceSpec spec = ServiceSpec.named("upm-service");
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalStateException("upm-service is not built (" + spec.jar() + "); run ./mvnw install -DskipTests");
        }
        List<String> command = spec.javaCommand();
        command.addAll(jvmOptions);
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", spec.jar().toString()));
        GuardedProcess process = launch(command, logDir.resolve("upm-service.log"));
        UpmService service = new UpmService(run, port, command, process);
        try {
            service.awaitReady(timeout);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private static GuardedProcess launch(List<String> command, Path log) {
        return GuardedProcess.start("upm-service", command, ServiceSpec.named("upm-service").jar().getParent(), log,
                Map.of(), 20);
    }

    /** Kills the process like a crash (kill -9): no shutdown hook runs, nothing is flushed or committed. */
    public void kill9() {
        process.kill9();
    }

    /** Starts the service again with the same settings, port and log (after {@link #kill9()}), until it is ready. */
    public void restart(Duration timeout) {
        process.stop(30);
        process = launch(command, process.log());
        awaitReady(timeout);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (get("/q/health/ready").statusCode() != 200) {
            if (!process.alive()) {
                throw new IllegalStateException("upm-service exited during start; see " + process.log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("upm-service not ready within " + timeout.toSeconds() + " s; see "
                        + process.log());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public String run() {
        return run;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return process.log();
    }

    /** An HTTP answer; a refused connection (not listening) reads as status 0. */
    public record Reply(int statusCode, String body) {
    }

    public Reply get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .header("Authorization", io.thunderline.infra.TestTokens.admin("upm-service"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Reply(0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the process (TERM, then KILL after 30 s). */
    @Override
    public void close() {
        process.stop(30);
    }
}
