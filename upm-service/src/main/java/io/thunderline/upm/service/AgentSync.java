package io.thunderline.upm.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.AdapterAck;
import io.thunderline.upm.repository.AgentRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * What agents report: their acks recorded in one transaction per polled batch, and a refused adapter makes the
 * family's trainer thread publish a full copy again.
 */
@ApplicationScoped
public class AgentSync {
    private static final Logger LOG = Logger.getLogger(AgentSync.class);

    private final Pool pool;
    private final AgentRepository agents;
    private final TrainerWorkers workers;
    private final AdapterSync adapters;

    public AgentSync(Pool pool, AgentRepository agents, TrainerWorkers workers, AdapterSync adapters) {
        this.pool = pool;
        this.agents = agents;
        this.workers = workers;
        this.adapters = adapters;
    }

    /** Records a batch of acks in order, in one transaction; true if any changed what an agent holds or reports. */
    public Uni<Boolean> recorded(List<AdapterAck> acks) {
        return acks.isEmpty() ? Uni.createFrom().item(false) : pool.withTransaction(tx -> agents.recordAll(tx, acks));
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
