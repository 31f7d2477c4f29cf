package io.thunderline.upm.service;

import io.thunderline.contracts.AdapterAck;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Reacts to agents' acks: a refused adapter makes the family's trainer thread publish a full copy again. */
@ApplicationScoped
public class AgentSync {
    private static final Logger LOG = Logger.getLogger(AgentSync.class);

    private final TrainerWorkers workers;
    private final AdapterSync adapters;

    public AgentSync(TrainerWorkers workers, AdapterSync adapters) {
        this.workers = workers;
        this.adapters = adapters;
    }

    public void refused(AdapterAck ack) {
        if (!ack.family().classification()) {
            return;
        }
        workers.worker(ack.family()).submit(state -> {
            state.ifPresent(s -> adapters.resendFull(s, ack));
            return null;
        }).exceptionally(e -> {
            LOG.warnf("cannot answer %s's refusal of %s v%d: %s", ack.agentId(), ack.family().wireName(), ack.version(), e);
            return null;
        });
    }
}
