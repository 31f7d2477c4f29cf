package io.thunderline.infra;

import io.thunderline.contracts.Topics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Kafka + PostgreSQL (+ MLflow when installed) for tests and the local stack. Servers named in the environment are
 * reused as they are; otherwise real ones are started here and stopped on {@link #close()} or JVM exit.
 */
public final class Infra implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Infra.class.getName());
    private static Infra shared;

    private InfraEndpoints endpoints;
    private final List<AutoCloseable> started;

    private Infra(InfraEndpoints endpoints, List<AutoCloseable> started) {
        this.endpoints = endpoints;
        this.started = started;
    }

    /** Ports to use; 0 means a free one. */
    public record Options(Path stateDir, int kafkaPort, int pgPort, int mlflowPort, boolean mlflow) {
        public static Options forTests(String name) {
            return new Options(ProjectPaths.testState(name), 0, 0, 0, false);
        }
    }

    /** One set of servers per test JVM, shared by every test class in it; MLflow only if asked for. */
    public static synchronized Infra shared() {
        if (shared == null) {
            shared = startOrReuse(Options.forTests("shared"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "thunderline-infra-stop"));
        }
        return shared;
    }

    /** The shared servers plus MLflow (started now if the environment names none and it is installed). */
    public static synchronized Infra sharedWithMlflow() {
        Infra infra = shared();
        if (infra.endpoints.mlflowUrl().isEmpty() && MlflowServer.command().isPresent()) {
            MlflowServer mlflow = MlflowServer.start(ProjectPaths.testState("shared").resolve("mlflow"), Ports.free());
            infra.started.add(mlflow);
            InfraEndpoints e = infra.endpoints;
            infra.endpoints = new InfraEndpoints(e.kafkaBootstrap(), e.pgUrl(), e.pgUser(), e.pgPassword(),
                    Optional.of(mlflow.url()));
        }
        return infra;
    }

    public static Infra startOrReuse(Options options) {
        Optional<InfraEndpoints> named = InfraEndpoints.fromEnvironment();
        if (named.isPresent()) {
            LOG.info("using servers named in the environment: " + named.get().asEnvironment());
            createTopics(named.get().kafkaBootstrap());
            return new Infra(named.get(), new ArrayList<>());
        }
        return start(options);
    }

    public static Infra start(Options options) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            int kafkaPort = options.kafkaPort() > 0 ? options.kafkaPort() : Ports.free();
            int controllerPort = Ports.free();
            KafkaBroker kafka = KafkaBroker.start(options.stateDir().resolve("kafka"), kafkaPort, controllerPort);
            started.add(kafka);
            PostgresServer pg = PostgresServer.start(options.stateDir().resolve("postgres"),
                    options.pgPort() > 0 ? options.pgPort() : Ports.free());
            started.add(pg);
            Optional<String> mlflowUrl = Optional.empty();
            if (options.mlflow() && MlflowServer.command().isPresent()) {
                MlflowServer mlflow = MlflowServer.start(options.stateDir().resolve("mlflow"),
                        options.mlflowPort() > 0 ? options.mlflowPort() : Ports.free());
                started.add(mlflow);
                mlflowUrl = Optional.of(mlflow.url());
            } else if (options.mlflow()) {
                LOG.warning("mlflow is not installed (pip install mlflow): MLflow tracking stays unavailable");
            }
            createTopics(kafka.bootstrapServers());
            InfraEndpoints endpoints = new InfraEndpoints(kafka.bootstrapServers(), pg.url(), PostgresServer.USER,
                    PostgresServer.PASSWORD, mlflowUrl);
            LOG.info(String.format("infra ready in %.1f s: %s", (System.nanoTime() - t0) / 1e9, endpoints.asEnvironment()));
            return new Infra(endpoints, started);
        } catch (RuntimeException e) {
            new Infra(null, started).close();
            throw e;
        }
    }

    static void createTopics(String bootstrap) {
        KafkaBroker.createTopics(bootstrap, Topics.allWithDeadLetters(), Set.of(Topics.ADAPTERS, Topics.STATUS), 3);
    }

    public InfraEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warning("stopping " + started.get(i) + " failed: " + e);
            }
        }
        started.clear();
    }
}
