package io.thunderline.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/** The five services as real processes (their packaged jars) against given Kafka/PostgreSQL/MLflow. */
public final class ServiceFleet implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ServiceFleet.class.getName());

    private final Map<String, Running> running = new LinkedHashMap<>();
    private final InfraEndpoints endpoints;
    private final Path logDir;
    private final Function<ServiceSpec, Integer> ports;
    private final ServiceKeys keys;

    public record Running(ServiceSpec spec, int port, GuardedProcess process, Map<String, String> config) {
        public String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    /** A fleet whose services share the test run's keys ({@link ServiceKeys#forTestRun()}). */
    public ServiceFleet(InfraEndpoints endpoints, Path logDir, Function<ServiceSpec, Integer> ports) {
        this(endpoints, logDir, ports, ServiceKeys.forTestRun());
    }

    public ServiceFleet(InfraEndpoints endpoints, Path logDir, Function<ServiceSpec, Integer> ports, ServiceKeys keys) {
        this.endpoints = endpoints;
        this.logDir = logDir;
        this.ports = ports;
        this.keys = keys;
    }

    public ServiceKeys keys() {
        return keys;
    }

    /** Starts every service, then waits until all are ready. */
    public ServiceFleet startAll(Map<String, String> extraConfig, Duration timeout) {
        Map<String, Integer> assigned = new LinkedHashMap<>();
        for (ServiceSpec spec : ServiceSpec.ALL) {
            assigned.put(spec.name(), ports.apply(spec));
        }
        for (ServiceSpec spec : ServiceSpec.ALL) {
            start(spec, assigned, extraConfig);
        }
        for (Running r : running.values()) {
            awaitReady(r, timeout);
        }
        return this;
    }

    private void start(ServiceSpec spec, Map<String, Integer> ports, Map<String, String> extraConfig) {
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalStateException(spec.name() + " is not built (" + spec.jar() + "); run ./mvnw install -DskipTests");
        }
        int port = ports.get(spec.name());
        Map<String, String> config = new LinkedHashMap<>(endpoints.quarkusConfig());
        config.putAll(keys.quarkusConfig());
        config.put("quarkus.http.port", Integer.toString(port));
        config.put("quarkus.http.host", hostFor(spec));
        config.put("quarkus.rest-client.dataset.url", "http://127.0.0.1:" + ports.get("dataset-service"));
        config.put("quarkus.rest-client.trainer.url", "http://127.0.0.1:" + ports.get("trainer-service"));
        config.put("quarkus.rest-client.upm.url", "http://127.0.0.1:" + ports.get("upm-service"));
        config.put("quarkus.rest-client.tracking.url", "http://127.0.0.1:" + ports.get("tracking-service"));
        config.putAll(extraConfig);
        GuardedProcess process = launch(spec, config, environment(), logDir.resolve(spec.name() + ".log"));
        running.put(spec.name(), new Running(spec, port, process, config));
        LOG.info("starting " + spec.name() + " on port " + port + ", log " + process.log());
    }

    /**
     * Only the page is reached from outside; the backends listen on the loopback interface unless
     * THUNDERLINE_EXPOSE_BACKENDS=true (e.g. to reach them from another machine while debugging).
     */
    static String hostFor(ServiceSpec spec) {
        boolean exposeBackends = Boolean.parseBoolean(System.getenv().getOrDefault("THUNDERLINE_EXPOSE_BACKENDS", "false"));
        return spec.name().equals("prompt-ui-service") || exposeBackends ? "0.0.0.0" : "127.0.0.1";
    }

    private static GuardedProcess launch(ServiceSpec spec, Map<String, String> config, Map<String, String> env, Path log) {
        List<String> command = spec.javaCommand();
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", spec.jar().toString()));
        return GuardedProcess.start(spec.name(), command, spec.jar().getParent(), log, env, 20);
    }

    /**
     * The fleet's servers also as environment variables, over those a service would inherit. A fleet on servers of its
     * own (the chaos tests' broker and database) inside ./thunderline test would otherwise inherit the shared servers'
     * KAFKA_BOOTSTRAP_SERVERS, and Quarkus' Kafka client settings read that variable next to -Dkafka.bootstrap.servers:
     * every service of such a fleet was found connected to the shared broker, not to the one the test paused.
     */
    private Map<String, String> environment() {
        return endpoints.asEnvironment();
    }

    private static void awaitReady(Running r, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!r.process().alive()) {
                throw new IllegalStateException(r.spec().name() + " exited during start; see " + r.process().log());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(r.url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(r.spec().name() + " not ready within " + timeout.toSeconds() + " s; see "
                        + r.process().log());
            }
            Ports.sleep(300);
        }
    }

    public Running get(String name) {
        Running r = running.get(name);
        if (r == null) {
            throw new IllegalArgumentException("no running service " + name);
        }
        return r;
    }

    public List<Running> all() {
        return List.copyOf(running.values());
    }

    /** Restarts one service with the same port and configuration (e.g. after a kill -9 in a test). */
    public Running restart(String name, Duration timeout) {
        Running old = get(name);
        old.process().stop(30);
        GuardedProcess process = launch(old.spec(), old.config(), environment(), old.process().log());
        Running fresh = new Running(old.spec(), old.port(), process, old.config());
        running.put(name, fresh);
        awaitReady(fresh, timeout);
        return fresh;
    }

    @Override
    public void close() {
        List<Running> reversed = new ArrayList<>(running.values());
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().forEach(r -> r.process().stop(30));
        running.clear();
    }
}
