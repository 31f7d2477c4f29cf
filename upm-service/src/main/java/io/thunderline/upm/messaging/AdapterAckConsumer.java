package io.thunderline.upm.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.AdapterAck;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.upm.service.AgentSync;
import io.thunderline.upm.service.StatusPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * upm.adapter-acks → what each agent holds. An ack is a state report (the newest one per agent and family wins), so
 * applying it twice changes nothing and no processed-message row is needed for it. Consumed a polled batch at a time,
 * in one transaction: a hundred agents acknowledge an adapter within milliseconds of each other, and a transaction per
 * ack competed with the agents for the CPU. A refused adapter triggers a full copy of the active version (see
 * AdapterSync). An ack that is not a valid event goes to upm.adapter-acks.dlq with its error, without holding up the
 * rest of its batch.
 */
@ApplicationScoped
public class AdapterAckConsumer {
    private static final Logger LOG = Logger.getLogger(AdapterAckConsumer.class);

    private final AgentSync sync;
    private final StatusPublisher status;

    public AdapterAckConsumer(AgentSync sync, StatusPublisher status) {
        this.sync = sync;
        this.status = status;
    }

    @Incoming("adapter-acks")
    public Uni<Void> onAcks(KafkaRecordBatch<String, String> batch) {
        List<AdapterAck> acks = new ArrayList<>();
        List<Uni<Void>> refused = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            try {
                acks.add(EventCodec.fromJson(record.getPayload(), AdapterAck.class));
            } catch (InvalidEventException e) {
                LOG.warnf("refusing an ack on %s partition %d: %s", record.getTopic(), record.getPartition(), e.getMessage());
                refused.add(Uni.createFrom().completionStage(() -> record.nack(e)));
            }
        }
        return sync.recorded(acks)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(2)
                .onItemOrFailure().transformToUni((changed, failure) -> {
                    if (failure != null) {
                        LOG.errorf("giving up on %d acks: %s", acks.size(), failure.toString());
                        return Uni.createFrom().completionStage(() -> batch.nack(failure));
                    }
                    acks.stream().filter(a -> !a.applied()).forEach(sync::refused);
                    if (changed) {
                        status.changed();
                    }
                    // the invalid ones reach the dead-letter topic before the batch's offsets are committed
                    return io.smallrye.mutiny.Multi.createFrom().iterable(refused)
                            .onItem().transformToUniAndConcatenate(nack -> nack)
                            .collect().last()
                            .chain(() -> Uni.createFrom().completionStage(batch::ack));
                });
    }
}
