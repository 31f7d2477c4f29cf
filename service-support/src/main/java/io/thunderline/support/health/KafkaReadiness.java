package io.thunderline.support.health;

import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Readiness check "kafka": is a broker answering? Bounded, unlike Quarkus' own Kafka check (switched off in
 * service-support's configuration), which waits for the admin client's default of 60 s and so made every readiness
 * probe hang while the broker was paused. Answers DOWN naming Kafka within {@link #TIMEOUT}, so a probe, and the page's
 * badges that read it, say what is down instead of timing out.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final String NAME = "kafka";

    private final Map<String, Object> kafkaConfig;
    private volatile Admin admin;

    public KafkaReadiness(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.kafkaConfig = kafkaConfig;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            Collection<Node> nodes = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            return HealthCheckResponse.named(NAME).up()
                    .withData("nodes", nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",")))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        } catch (Exception e) {
            return down("no Kafka broker answered within " + TIMEOUT.toSeconds() + " s (" + bootstrap() + "): "
                    + (e.getCause() != null ? e.getCause() : e));
        }
    }

    private HealthCheckResponse down(String message) {
        return HealthCheckResponse.named(NAME).down().withData("message", message).build();
    }

    private String bootstrap() {
        return String.valueOf(kafkaConfig.getOrDefault("bootstrap.servers", "?"));
    }

    private Admin admin() {
        Admin current = admin;
        if (current == null) {
            synchronized (this) {
                if (admin == null) {
                    Map<String, Object> config = new HashMap<>();
                    // the connection settings of the service's Kafka clients (servers, security), with short timeouts
                    kafkaConfig.forEach((key, value) -> {
                        if (AdminClientConfig.configNames().contains(key)) {
                            config.put(key, value);
                        }
                    });
                    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "readiness-" + Long.toHexString(System.nanoTime()));
                    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
                    admin = Admin.create(config);
                }
                current = admin;
            }
        }
        return current;
    }

    @PreDestroy
    void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
