package io.thunderline.support;

import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.InvalidEventException;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A polled batch sorted out before its transaction: the events to apply (the first record of each id, in record
 * order), the records that are not valid events, and how many records repeated an id seen earlier in the batch.
 */
record DecodedBatch<T extends Record>(List<Decoded<T>> unique, List<Refused> invalid, int repeated) {

    /** A valid event; {@code id} is the recorded message id (scope prefix included). */
    record Decoded<T>(Message<String> message, String id, String topic, T event) {
    }

    record Refused(Message<String> message, InvalidEventException error) {
    }

    static <T extends Record> DecodedBatch<T> of(List<? extends Message<String>> records, Class<T> type, String scope) {
        List<Decoded<T>> unique = new ArrayList<>();
        List<Refused> invalid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int repeated = 0;
        for (Message<String> record : records) {
            T event;
            String id;
            try {
                event = EventCodec.fromJson(record.getPayload(), type);
                id = scope + IdempotentConsumer.messageId(record);
            } catch (InvalidEventException e) {
                invalid.add(new Refused(record, e));
                continue;
            }
            if (seen.add(id)) {
                unique.add(new Decoded<>(record, id, IdempotentConsumer.topic(record), event));
            } else {
                repeated++;
            }
        }
        return new DecodedBatch<>(List.copyOf(unique), List.copyOf(invalid), repeated);
    }
}
