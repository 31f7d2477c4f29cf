package io.thunderline.upm.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.SnapshotMode;
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
    private final SnapshotEvents events;
    private final UpmConfig config;

    public SnapshotRetention(Pool pool, SnapshotRepository snapshots, SnapshotEvents events, UpmConfig config) {
        this.pool = pool;
        this.snapshots = snapshots;
        this.events = events;
        this.config = config;
    }

    @Scheduled(every = "${thunderline.upm.snapshots.retention-check:1h}",
            delayed = "${thunderline.upm.snapshots.retention-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return archive(Instant.now(), config.snapshots().keepLast()).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("snapshot retention failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Archives what is past retention as of {@code now}; returns the archived snapshots. */
    public Uni<List<SnapshotRow>> archive(Instant now, int keepLast) {
        Instant cutoff = now.minus(config.snapshots().retention());
        return pool.withTransaction(tx -> snapshots.archive(tx, cutoff, keepLast)
                .call(archived -> events.each(tx, archived, SnapshotMode.SHADOW))).invoke(archived -> {
            if (!archived.isEmpty()) {
                LOG.infof("archived %d snapshots older than %s", archived.size(), cutoff);
            }
        });
    }
}
