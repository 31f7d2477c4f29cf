package io.thunderline.upm.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.SnapshotMode;
import io.thunderline.contracts.SnapshotStatus;
import io.thunderline.support.Outbox;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.domain.SnapshotRow;
import io.thunderline.upm.repository.SnapshotRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Retention: snapshots older than the retention period are archived — their weights dropped, their row and metrics
 * kept — except each family's active snapshot and its last keep-last snapshots.
 */
@ApplicationScoped
public class SnapshotRetention {
    private static final Logger LOG = Logger.getLogger(SnapshotRetention.class);

    private final Pool pool;
    private final SnapshotRepository snapshots;
    private final Outbox outbox;
    private final UpmConfig config;

    public SnapshotRetention(Pool pool, SnapshotRepository snapshots, Outbox outbox, UpmConfig config) {
        this.pool = pool;
        this.snapshots = snapshots;
        this.outbox = outbox;
        this.config = config;
    }

    @Scheduled(every = "${thunderline.upm.snapshots.retention-check:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return archive(Instant.now(), config.snapshots().keepLast()).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("snapshot retention failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Archives what is past retention as of {@code now}; returns the archived snapshots. */
    public Uni<List<SnapshotRow>> archive(Instant now, int keepLast) {
        Instant cutoff = now.minus(config.snapshots().retention());
        return pool.withTransaction(tx -> snapshots.archive(tx, cutoff, keepLast).flatMap(archived -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (SnapshotRow r : archived) {
                chain = chain.flatMap(v -> outbox.append(tx, UpmEvents.snapshot(r, SnapshotStatus.ARCHIVED, SnapshotMode.SHADOW),
                        r.family().wireName()).replaceWithVoid());
            }
            return chain.replaceWith(archived);
        })).invoke(archived -> {
            if (!archived.isEmpty()) {
                LOG.infof("archived %d snapshots older than %s", archived.size(), cutoff);
            }
        });
    }
}
