package io.thunderline.infra;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** A real single-node Apache Kafka broker in KRaft mode, in its own JVM, from the jars of kafka-runtime. */
public final class KafkaBroker implements AutoCloseable {
    private final GuardedProcess process;
    private final int port;

    private KafkaBroker(GuardedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KafkaBroker start(Path stateDir, int port, int controllerPort) {
        try {
            Path data = stateDir.resolve("kafka-data");
            Files.createDirectories(data);
            Path config = stateDir.resolve("server.properties");
            Files.writeString(config, serverProperties(data, port, controllerPort));
            String classpath = ProjectPaths.kafkaLib().resolve("*").toString();
            List<String> java = List.of(javaBin(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dlog4j2.configurationFile=" + ProjectPaths.kafkaLogConfig(), "-cp", classpath);
            if (!Files.exists(data.resolve("meta.properties"))) {
                List<String> format = new ArrayList<>(java);
                format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                        "-c", config.toString()));
                run(format, stateDir.resolve("kafka-format.log"));
            }
            List<String> serve = new ArrayList<>(java);
            serve.addAll(List.of("kafka.Kafka", config.toString()));
            GuardedProcess process = GuardedProcess.start("kafka", serve, stateDir, stateDir.resolve("kafka.log"), Map.of(), 10);
            KafkaBroker broker = new KafkaBroker(process, port);
            broker.awaitReady(Duration.ofSeconds(180));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka in " + stateDir, e);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(List<String> command, Path log) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("Kafka storage format failed; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String serverProperties(Path data, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // the cleaner's default 128 MB buffer would dominate a small heap
                "log.cleaner.dedupe.buffer.size=8388608",
                "auto.create.topics.enable=true",
                // as in the cluster (deploy/base/kafka): topics accept 10 MiB unless they say more
                "message.max.bytes=10485760",
                "replica.fetch.max.bytes=52428800",
                "") ;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public GuardedProcess process() {
        return process;
    }

    private void awaitReady(Duration timeout) {
        Ports.awaitListening("Kafka", port, timeout, process);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Admin admin = admin(bootstrapServers())) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline || !process.alive()) {
                    throw new IllegalStateException("Kafka not ready; see " + process.log(), e);
                }
                Ports.sleep(250);
            }
        }
    }

    static Admin admin(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(props);
    }

    /** Creates every topic of the system and its dead-letter twin (idempotent). */
    public static void createTopics(String bootstrap, List<String> topics, Set<String> compacted, int partitions) {
        try (Admin admin = admin(bootstrap)) {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<NewTopic> wanted = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> {
                        NewTopic topic = new NewTopic(t, partitions, (short) 1);
                        return compacted.contains(t)
                                ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                                : topic;
                    }).toList();
            if (wanted.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(wanted).all().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + bootstrap, e);
        }
    }

    @Override
    public void close() {
        process.stop(30);
    }
}
