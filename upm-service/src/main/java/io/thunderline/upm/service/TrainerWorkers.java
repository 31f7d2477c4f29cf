package io.thunderline.upm.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.thunderline.contracts.ModelType;
import io.thunderline.upm.config.UpmConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.EnumMap;
import java.util.Map;

/**
 * One {@link TrainerWorker} per classification family (text_classification, sentiment_analysis), created on first
 * use with what a worker needs (handed to its constructor; nothing is looked up through this class).
 */
@ApplicationScoped
public class TrainerWorkers {
    private final FamilyLoader loader;
    private final AppliedWindows windows;
    private final SnapshotManager snapshots;
    private final StatusPublisher status;
    private final UpmFlag flag;
    private final UpmConfig config;
    private final Map<ModelType, TrainerWorker> workers = new EnumMap<>(ModelType.class);

    public TrainerWorkers(FamilyLoader loader, AppliedWindows windows, SnapshotManager snapshots, StatusPublisher status,
                          UpmFlag flag, UpmConfig config) {
        this.loader = loader;
        this.windows = windows;
        this.snapshots = snapshots;
        this.status = status;
        this.flag = flag;
        this.config = config;
    }

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
            return workers.computeIfAbsent(family, f -> new TrainerWorker(f, loader, windows, snapshots, status, flag, config));
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
}
