package io.thunderline.dataset;

import io.thunderline.contracts.DatasetChanged;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.EventType;
import io.thunderline.contracts.Topics;
import io.thunderline.infra.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Reads the DatasetCreated / DatasetVersioned events of one dataset from datasets.events. */
final class Events {
    record Event(EventType type, DatasetChanged body) {
    }

    private Events() {
    }

    /** Every event of the dataset on the topic, once there are at least {@code expected} (or after 30 s). */
    static List<Event> of(KafkaTestClient kafka, String datasetId, int expected) {
        kafka.read(Topics.DATASETS_EVENTS, Duration.ofSeconds(30), records -> mine(records, datasetId).size() >= expected);
        // keep reading a little longer, so that a duplicate sent after the first copy would be counted too
        return mine(kafka.read(Topics.DATASETS_EVENTS, Duration.ofMillis(1500), records -> false), datasetId);
    }

    static long count(List<Event> events, EventType type) {
        return events.stream().filter(e -> e.type() == type).count();
    }

    static Predicate<Event> version(int version) {
        return e -> e.body().version() == version;
    }

    private static List<Event> mine(List<ConsumerRecord<String, String>> records, String datasetId) {
        return records.stream()
                .filter(r -> datasetId.equals(r.key()))
                .map(r -> new Event(EventType.ofCeType(KafkaTestClient.header(r, "ce_type")).orElseThrow(),
                        EventCodec.fromJson(r.value(), DatasetChanged.class)))
                .toList();
    }
}
