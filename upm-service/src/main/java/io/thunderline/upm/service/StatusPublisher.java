package io.thunderline.upm.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.support.EventMessages;
import io.thunderline.support.ServiceIdentity;
import io.thunderline.upm.repository.WindowRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Publishes upm.status every few seconds, computed from the database (never constants). */
@ApplicationScoped
public class StatusPublisher {
    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);

    private final WindowRepository windows;
    private final MutinyEmitter<String> events;
    private final ServiceIdentity identity;
    private final UpmFlag flag;
    private final AtomicReference<UpmStatus> last = new AtomicReference<>();

    public StatusPublisher(WindowRepository windows, @Channel("events") MutinyEmitter<String> events,
                           ServiceIdentity identity, UpmFlag flag) {
        this.windows = windows;
        this.events = events;
        this.identity = identity;
        this.flag = flag;
    }

    @Scheduled(every = "${thunderline.upm.status-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> publish() {
        return current().flatMap(status -> events.sendMessage(EventMessages.of(identity.name(), status, UpmStatus.KEY)))
                .onFailure().invoke(e -> LOG.warnf("cannot publish upm.status: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    public Uni<UpmStatus> current() {
        return windows.counts().map(c -> {
            UpmStatus status = new UpmStatus(Contracts.SCHEMA_VERSION, c.activeTrainers(), c.snapshots24h(), c.driftP95(),
                    c.agentsSynced(), c.agentsTotal(), flag.enabled(), Instant.now());
            last.set(status);
            return status;
        });
    }
}
