package io.thunderline.infra;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Produces and reads events in tests the way services do: CloudEvents in binary mode with JSON bodies. */
public final class KafkaTestClient implements AutoCloseable {
    private final String bootstrap;
    private final KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    public static KafkaTestClient shared() {
        return new KafkaTestClient(Infra.shared().endpoints().kafkaBootstrap());
    }

    /** Sends an event with a fresh CloudEvent id; returns the id. */
    public String send(Record body, String key) {
        String id = UUID.randomUUID().toString();
        send(body, key, id);
        return id;
    }

    public void send(Record body, String key, String ceId) {
        EventType type = EventType.of(body);
        sendRaw(type.topic(), key, EventCodec.toJson(body), Map.of(
                "ce_specversion", "1.0", "ce_id", ceId, "ce_type", type.ceType(),
                "ce_source", Contracts.SOURCE_PREFIX + "test", "ce_time", Instant.now().toString(),
                "content-type", "application/json"));
    }

    public void sendRaw(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Reads a topic from the beginning until {@code done} holds for the records seen, or the timeout passes. */
    public List<ConsumerRecord<String, String>> read(String topic, Duration timeout,
                                                     Predicate<List<ConsumerRecord<String, String>>> done) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        // not a failure (some callers read for a fixed time on purpose), but a wait a test should not make by mistake
        System.err.printf("KafkaTestClient: read %s for the whole %d s without its condition (%d records)%n",
                topic, timeout.toSeconds(), seen.size());
        return seen;
    }

    /**
     * Commits the consumer group's offsets at the topic's current end, so a service consuming as that group starts
     * there: what earlier tests or runs left on a shared broker is not consumed.
     */
    public void startGroupAtEnd(String group, String topic) {
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

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
