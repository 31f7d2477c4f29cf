package io.thunderline.upm.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.AdapterAck;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.upm.repository.AgentRepository;
import io.thunderline.upm.service.AgentSync;
import io.thunderline.upm.service.StatusPublisher;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * upm.adapter-acks → what each agent holds. An ack is a state report (the newest one per agent and family wins), so
 * applying it twice changes nothing and no processed-message row is needed for it. A refused adapter triggers a full
 * copy of the active version (see AdapterSync). An ack that is not a valid event goes to upm.adapter-acks.dlq.
 */
@ApplicationScoped
public class AdapterAckConsumer {
    private static final Logger LOG = Logger.getLogger(AdapterAckConsumer.class);

    private final AgentRepository agents;
    private final AgentSync sync;
    private final StatusPublisher status;

    public AdapterAckConsumer(AgentRepository agents, AgentSync sync, StatusPublisher status) {
        this.agents = agents;
        this.sync = sync;
        this.status = status;
    }

    @Incoming("adapter-acks")
    public Uni<Void> onAck(Message<String> message) {
        AdapterAck ack;
        try {
            ack = EventCodec.fromJson(message.getPayload(), AdapterAck.class);
        } catch (InvalidEventException e) {
            LOG.warnf("refusing an ack: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        AdapterAck a = ack;
        return agents.record(a)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(2)
                .onItemOrFailure().transformToUni((changed, failure) -> {
                    if (failure != null) {
                        return Uni.createFrom().completionStage(message.nack(failure));
                    }
                    if (!a.applied()) {
                        sync.refused(a);
                    }
                    if (changed) {
                        status.changed();
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }
}
