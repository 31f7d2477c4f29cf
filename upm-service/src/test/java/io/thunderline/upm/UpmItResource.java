package io.thunderline.upm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thunderline.contracts.Topics;
import io.thunderline.infra.Infra;
import io.thunderline.infra.InfraEndpoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Real Kafka and PostgreSQL (shared per JVM, see ThunderlineInfraResource) plus what keeps this test's data its own:
 * a fresh schema, and consumer groups that start at the current end of the topics (so windows and acks other tests
 * or earlier runs left on the shared broker are not applied here). Also short intervals for tests.
 */
public class UpmItResource implements QuarkusTestResourceLifecycleManager {
    /** The settings every test of the module uses; {@link #start()} adds the per-run schema and groups. */
    public static Map<String, String> isolated(InfraEndpoints endpoints, String run) {
        Map<String, String> config = new HashMap<>(endpoints.quarkusConfig());
        config.put("thunderline.service.schema", "upm_it_" + run);
        String windows = "upm-it-" + run + "-windows";
        String acks = "upm-it-" + run + "-acks";
        config.put("mp.messaging.incoming.feature-windows.group.id", windows);
        config.put("mp.messaging.incoming.adapter-acks.group.id", acks);
        startAtEnd(endpoints.kafkaBootstrap(), windows, Topics.FEATURE_WINDOWS);
        startAtEnd(endpoints.kafkaBootstrap(), acks, Topics.ADAPTER_ACKS);
        config.put("thunderline.upm.snapshots.every-windows", "3");
        config.put("thunderline.upm.status-interval", "1s");
        config.put("thunderline.upm.trainer.poll-interval", "1s");
        // agents heartbeat every 2 s in these tests: offline after 4 missed heartbeats
        config.put("thunderline.upm.agents.offline-after", "8s");
        return config;
    }

    public static String newRun() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Override
    public Map<String, String> start() {
        InfraEndpoints endpoints = Infra.shared().endpoints();
        // Quarkus loads this resource in its own class loader: leave the servers' addresses where plain JUnit tests of
        // the same JVM (UpmRestartIT) can find them, instead of starting a second Kafka and PostgreSQL
        endpoints.asEnvironment().forEach((k, v) -> System.setProperty(SHARED + k, v));
        return isolated(endpoints, newRun());
    }

    static final String SHARED = "thunderline.upm-it.";

    /** The servers a Quarkus test of this JVM already uses, if any. */
    public static java.util.Optional<InfraEndpoints> sharedByQuarkusTests() {
        String kafka = System.getProperty(SHARED + "KAFKA_BOOTSTRAP_SERVERS");
        if (kafka == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new InfraEndpoints(kafka, System.getProperty(SHARED + "PG_URL"),
                System.getProperty(SHARED + "PG_USER"), System.getProperty(SHARED + "PG_PASSWORD"), java.util.Optional.empty()));
    }

    @Override
    public void stop() {
        // the shared servers stop with the JVM
    }

    /** Commits the group's offsets at the topic's current end, so its consumers start there. */
    static void startAtEnd(String bootstrap, String group, String topic) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            admin.alterConsumerGroupOffsets(group, ends.entrySet().stream()
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))))
                    .all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot position consumer group " + group + " on " + topic, e);
        }
    }
}
