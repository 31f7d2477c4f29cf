package io.thunderline.support;

import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** Builds the Kafka message of an event: JSON body, CloudEvent binary headers, key and topic. */
public final class EventMessages {
    private EventMessages() {
    }

    public static Message<String> of(String service, EventType type, String key, String json, UUID id, Instant time) {
        return Message.of(json)
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(id.toString())
                        .withType(type.ceType())
                        .withSource(URI.create(Contracts.SOURCE_PREFIX + service))
                        .withSubject(key)
                        .withDataContentType("application/json")
                        .withTimestamp(time.atZone(ZoneOffset.UTC))
                        .build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(key)
                        .withTopic(type.topic())
                        .build());
    }

    /**
     * A direct send (no outbox): the message carries the span current here (an HTTP request's), so the trace goes on
     * in the consumer even if the emitter sends it from another thread.
     */
    public static Message<String> of(String service, Record body, String key) {
        Message<String> message = of(service, EventType.of(body), key, EventCodec.toJson(body), UUID.randomUUID(),
                Instant.now());
        Context current = Context.current();
        return TraceParent.of(current).isPresent() ? message.addMetadata(TracingMetadata.withCurrent(current)) : message;
    }
}
