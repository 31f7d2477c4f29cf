package io.thunderline.infra;

import io.thunderline.contracts.Topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Configuration for an upm-service under test on shared Kafka and PostgreSQL that keeps the test's data its own: a
 * fresh schema, and consumer groups that start at the current end of the topics (so windows and acks other tests or
 * earlier runs left on the shared broker are not applied here). Also short intervals for tests. Used by upm-service's
 * own ITs and by system-tests, which run the service as a process.
 */
public final class UpmTestConfig {
    private UpmTestConfig() {
    }

    public static Map<String, String> isolated(InfraEndpoints endpoints, String run) {
        Map<String, String> config = new LinkedHashMap<>(endpoints.quarkusConfig());
        config.putAll(ServiceKeys.forTestRun().quarkusConfig()); // tests call it with TestTokens and the agent key
        config.put("thunderline.service.schema", "upm_it_" + run);
        String windows = "upm-it-" + run + "-windows";
        String acks = "upm-it-" + run + "-acks";
        config.put("mp.messaging.incoming.feature-windows.group.id", windows);
        config.put("mp.messaging.incoming.adapter-acks.group.id", acks);
        try (KafkaTestClient kafka = new KafkaTestClient(endpoints.kafkaBootstrap())) {
            kafka.startGroupAtEnd(windows, Topics.FEATURE_WINDOWS);
            kafka.startGroupAtEnd(acks, Topics.ADAPTER_ACKS);
        }
        config.put("thunderline.upm.snapshots.every-windows", "3");
        config.put("thunderline.upm.status-interval", "1s");
        config.put("thunderline.upm.trainer.poll-interval", "1s");
        return config;
    }

    public static String newRun() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
