package io.thunderline.bench.events;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.thunderline.support.ServiceIdentity;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's "events" channel outside Quarkus: each message becomes the record the SmallRye Kafka connector would
 * send (topic and key from the message, CloudEvent binary headers), on a KafkaProducer with the channel's settings
 * (service-support's microprofile-config.properties). The connector's own overhead is not in the figures.
 */
final class BenchEmitter {
    private final KafkaProducer<String, String> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    BenchEmitter(KafkaProducer<String, String> producer) {
        this.producer = producer;
    }

    static Properties producerSettings(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "10485760");
        return props;
    }

    /** The CloudEvent binary-mode headers the connector adds (cloud-events-mode=binary). */
    static void headers(ProducerRecord<String, String> record, String id, String type, Instant time) {
        record.headers().add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(id))
                .add("ce_type", bytes(type))
                .add("ce_source", bytes("urn:thunderline:bench"))
                .add("ce_time", bytes(time.toString()))
                .add("content-type", bytes("application/json"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    MutinyEmitter<String> proxy() {
        return (MutinyEmitter<String>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MutinyEmitter.class},
                (p, m, a) -> switch (m.getName()) {
                    case "sendMessage" -> send((Message<String>) a[0]);
                    case "hasRequests" -> true;
                    case "isCancelled" -> false;
                    case "toString" -> "bench emitter";
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private Uni<Void> send(Message<String> message) {
        OutgoingKafkaRecordMetadata<String> kafka = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        OutgoingCloudEventMetadata<?> ce = message.getMetadata(OutgoingCloudEventMetadata.class).orElseThrow();
        ProducerRecord<String, String> record = new ProducerRecord<>(kafka.getTopic(), kafka.getKey(), message.getPayload());
        headers(record, ce.getId(), ce.getType(), ce.getTimeStamp().map(t -> t.toInstant()).orElse(Instant.now()));
        sent.incrementAndGet();
        return Uni.createFrom().emitter(em -> producer.send(record, (metadata, e) -> {
            if (e == null) {
                acked.incrementAndGet();
                em.complete(null);
            } else {
                failures.incrementAndGet();
                em.fail(e);
            }
        }));
    }

    void awaitAcks(long count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (acked.get() < count) {
            if (System.nanoTime() > deadline || failures.get() > 0) {
                throw new IllegalStateException("relay: " + acked.get() + " of " + count + " acknowledged, "
                        + failures.get() + " failed");
            }
            Thread.sleep(1);
        }
    }

    long sent() {
        return sent.get();
    }

    long failures() {
        return failures.get();
    }

    /** The relay's settings with service-support's defaults: batches of 500, 100 ms between looks when idle. */
    static ServiceIdentity identity() {
        ServiceIdentity.Outbox outbox = (ServiceIdentity.Outbox) Proxy.newProxyInstance(ServiceIdentity.class.getClassLoader(),
                new Class<?>[]{ServiceIdentity.Outbox.class}, (p, m, a) -> switch (m.getName()) {
                    case "batchSize" -> 500;
                    case "interval" -> Duration.ofMillis(100);
                    case "retention" -> Duration.ofHours(1);
                    case "toString" -> "bench outbox settings";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ServiceIdentity) Proxy.newProxyInstance(ServiceIdentity.class.getClassLoader(), new Class<?>[]{ServiceIdentity.class},
                (p, m, a) -> switch (m.getName()) {
                    case "name" -> "bench-events";
                    case "schema" -> EventsBench.SCHEMA;
                    case "outbox" -> outbox;
                    case "toString" -> "bench identity";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
