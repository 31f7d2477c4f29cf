package io.thunderline.upm.messaging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
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
 * topic is managed elsewhere: then set max.message.bytes there. Either way the events producer then fetches the topic's
 * metadata, so the first adapter after a start does not wait for that round trip before it is sent.
 */
@ApplicationScoped
public class AdapterTopic {
    private static final Logger LOG = Logger.getLogger(AdapterTopic.class);

    private final UpmConfig config;
    private final String bootstrap;
    private final KafkaClientService clients;

    public AdapterTopic(UpmConfig config, @ConfigProperty(name = "kafka.bootstrap.servers") Optional<String> bootstrap,
                        KafkaClientService clients) {
        this.config = config;
        this.bootstrap = bootstrap.orElse("localhost:9092");
        this.clients = clients;
    }

    void configure(@Observes StartupEvent event) {
        if (config.adapters().configureTopic()) {
            configureTopic();
        }
        primeProducer();
    }

    /** The outbox relay's producer (channel "events") learns the topic's partitions and leader now. */
    private void primeProducer() {
        KafkaProducer<Object, Object> events = clients.getProducer("events");
        if (events == null) {
            LOG.debugf("no events producer yet: the first adapter fetches %s's metadata itself", Topics.ADAPTERS);
            return;
        }
        // not awaited: a broker that is down at start must not hold the start up (the first adapter then waits instead)
        events.partitionsFor(Topics.ADAPTERS).subscribe().with(
                partitions -> LOG.infof("events producer has %s's metadata (%d partitions)", Topics.ADAPTERS, partitions.size()),
                e -> LOG.warnf("cannot read %s's metadata at start (the first adapter will): %s", Topics.ADAPTERS, e.toString()));
    }

    private void configureTopic() {
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
