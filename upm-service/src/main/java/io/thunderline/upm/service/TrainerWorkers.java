package io.thunderline.upm.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.SnapshotRepository;
import io.thunderline.upm.repository.WindowRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.EnumMap;
import java.util.Map;

/** One {@link TrainerWorker} per classification family (text_classification, sentiment_analysis). */
@ApplicationScoped
public class TrainerWorkers {
    @Inject
    Pool pool;
    @Inject
    UpmConfig config;
    @Inject
    UpmFlag flag;
    @Inject
    WindowRepository windows;
    @Inject
    FamilyRepository families;
    @Inject
    SnapshotRepository snapshotRows;
    @Inject
    SnapshotManager snapshots;
    @Inject
    StatusPublisher status;

    private final Map<ModelType, TrainerWorker> workers = new EnumMap<>(ModelType.class);

    void start(@Observes StartupEvent event) {
        wakeAll();
    }

    void stop(@Observes ShutdownEvent event) {
        synchronized (workers) {
            workers.values().forEach(TrainerWorker::stop);
        }
    }

    public TrainerWorker worker(ModelType family) {
        if (!family.classification()) {
            throw UpmException.badRequest("family", family.wireName() + " has no online model; UPM learns "
                    + ModelType.TEXT_CLASSIFICATION.wireName() + " and " + ModelType.SENTIMENT_ANALYSIS.wireName());
        }
        synchronized (workers) {
            return workers.computeIfAbsent(family, f -> new TrainerWorker(f, this));
        }
    }

    /** Looks for windows that arrived while nobody was told (and after the flag is switched on). */
    @Scheduled(every = "${thunderline.upm.trainer.poll-interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public void wakeAll() {
        for (ModelType family : ModelType.values()) {
            if (family.classification()) {
                worker(family).wake();
            }
        }
    }

    Pool pool() {
        return pool;
    }

    UpmConfig config() {
        return config;
    }

    UpmFlag flag() {
        return flag;
    }

    WindowRepository windows() {
        return windows;
    }

    FamilyRepository families() {
        return families;
    }

    SnapshotRepository snapshotRows() {
        return snapshotRows;
    }

    SnapshotManager snapshots() {
        return snapshots;
    }

    StatusPublisher status() {
        return status;
    }
}
