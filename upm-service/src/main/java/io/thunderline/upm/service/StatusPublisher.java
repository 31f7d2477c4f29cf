package io.thunderline.upm.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.support.EventMessages;
import io.thunderline.support.ServiceIdentity;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.repository.StatusRepository;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes upm.status every few seconds and soon after anything changes (a window applied, a snapshot, an ack),
 * computed from the database each time. Changes are coalesced over a short delay and only a status that differs
 * from the last one published goes out early.
 */
@ApplicationScoped
public class StatusPublisher {
    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);
    private static final long COALESCE_MILLIS = 200;

    private final StatusRepository repository;
    private final MutinyEmitter<String> events;
    private final ServiceIdentity identity;
    private final UpmFlag flag;
    private final UpmConfig config;
    private final Vertx vertx;
    private final AtomicReference<UpmStatus> lastPublished = new AtomicReference<>();
    private final AtomicBoolean changeQueued = new AtomicBoolean();

    public StatusPublisher(StatusRepository repository, @Channel("events") MutinyEmitter<String> events,
                           ServiceIdentity identity, UpmFlag flag, UpmConfig config, Vertx vertx) {
        this.repository = repository;
        this.events = events;
        this.identity = identity;
        this.flag = flag;
        this.config = config;
        this.vertx = vertx;
    }

    @Scheduled(every = "${thunderline.upm.status-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> publish() {
        return current().flatMap(this::send)
                .onFailure().invoke(e -> LOG.warnf("cannot publish upm.status: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Something changed: publish the new status shortly if it differs from the last one. */
    public void changed() {
        if (changeQueued.compareAndSet(false, true)) {
            vertx.setTimer(COALESCE_MILLIS, id -> {
                changeQueued.set(false);
                current().flatMap(status -> same(status, lastPublished.get()) ? Uni.createFrom().voidItem() : send(status))
                        .subscribe().with(v -> {
                        }, e -> LOG.warnf("cannot publish upm.status: %s", e.toString()));
            });
        }
    }

    public Uni<UpmStatus> current() {
        return repository.counts(limits(config)).map(c -> new UpmStatus(
                Contracts.SCHEMA_VERSION, c.activeTrainers(), c.snapshots24h(), c.driftP95(), c.agentsSynced(),
                c.agentsTotal(), flag.enabled(), Instant.now(), c.agentsOffline(),
                (int) config.agents().offlineAfter().toSeconds(), c.families(), c.agents()));
    }

    public static StatusRepository.Limits limits(UpmConfig config) {
        return new StatusRepository.Limits(config.trainer().activeWindow(), config.agents().ttl(),
                config.agents().offlineAfter(), config.snapshots().everyWindows(), config.agents().listed());
    }

    private Uni<Void> send(UpmStatus status) {
        return events.sendMessage(EventMessages.of(identity.name(), status, UpmStatus.KEY))
                .invoke(() -> lastPublished.set(status));
    }

    static boolean same(UpmStatus a, UpmStatus b) {
        return b != null && a.activeTrainers() == b.activeTrainers() && a.snapshots24h() == b.snapshots24h()
                && Objects.equals(a.driftP95(), b.driftP95()) && a.agentsSynced() == b.agentsSynced()
                && a.agentsTotal() == b.agentsTotal() && a.enabled() == b.enabled()
                && Objects.equals(a.agentsOffline(), b.agentsOffline()) && Objects.equals(a.families(), b.families())
                && Objects.equals(withoutTimes(a.agents()), withoutTimes(b.agents()));
    }

    /** Agents' last-seen times change with every heartbeat: only a change of state is worth an early status. */
    private static java.util.List<UpmStatus.Agent> withoutTimes(java.util.List<UpmStatus.Agent> agents) {
        return agents == null ? null : agents.stream()
                .map(x -> new UpmStatus.Agent(x.agentId(), x.families(), x.state(), x.heldVersions(), null)).toList();
    }
}
