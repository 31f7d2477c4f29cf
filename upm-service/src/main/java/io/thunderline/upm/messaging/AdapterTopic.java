package io.thunderline.upm.messaging;

import io.quarkus.runtime.StartupEvent;
import io.thunderline.contracts.Topics;
import io.thunderline.upm.config.UpmConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * upm.adapters carries whole models when an agent needs a full copy (up to 2^18 x 16 floats = 16 MiB before
 * compression), above Kafka's 1 MB default. At start the topic gets max.message.bytes to match the producer's
 * max.request.size, and is created compacted if missing. Off (thunderline.upm.adapters.configure-topic=false) where the
 * topic is managed elsewhere: then set max.message.bytes there.
 */
@ApplicationScoped
public class AdapterTopic {
    private static final Logger LOG = Logger.getLogger(AdapterTopic.class);

    private final UpmConfig config;
    private final String bootstrap;

    public AdapterTopic(UpmConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrap) {
        this.config = config;
        this.bootstrap = bootstrap.orElse("localhost:9092");
    }

    void configure(@Observes StartupEvent event) {
        if (!config.adapters().configureTopic()) {
            return;
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        String size = Integer.toString(config.adapters().maxMessageBytes());
        try (Admin admin = Admin.create(props)) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(Topics.ADAPTERS)) {
                admin.createTopics(List.of(new NewTopic(Topics.ADAPTERS, Optional.empty(), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, size)))).all().get(10, TimeUnit.SECONDS);
                LOG.infof("created %s (compacted, max.message.bytes %s)", Topics.ADAPTERS, size);
                return;
            }
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ADAPTERS);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, size), AlterConfigOp.OpType.SET))))
                    .all().get(10, TimeUnit.SECONDS);
            LOG.infof("%s max.message.bytes set to %s", Topics.ADAPTERS, size);
        } catch (Exception e) {
            LOG.warnf("cannot configure %s (full adapters over 1 MB will fail until its max.message.bytes is raised): %s",
                    Topics.ADAPTERS, e.toString());
        }
    }
}
