package io.thunderline.tracking.service;

import io.thunderline.tracking.client.TrainerClient;
import io.thunderline.tracking.client.TrainerJob;
import io.thunderline.tracking.config.TrackingConfig;
import io.thunderline.tracking.domain.RequestFacts;
import io.thunderline.tracking.repository.RunRepository;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Jobs whose updates came but whose training request did not (within thunderline.tracking.request-wait): trainer-service
 * knows the same facts, so it is asked. Until one of them answers, the job's operations keep waiting: nothing is lost,
 * and a job whose request says trackMlflow=false never gets a run.
 */
@ApplicationScoped
public class MissingRequests {
    private static final Logger LOG = Logger.getLogger(MissingRequests.class);
    private static final Duration DB = Duration.ofSeconds(30);
    private static final Duration SCAN_EVERY = Duration.ofSeconds(5);

    private final RunRepository runs;
    private final JobRecorder recorder;
    private final TrainerClient trainer;
    private final Duration wait;
    private final Map<String, Instant> nextLookup = new ConcurrentHashMap<>();
    private Instant nextScan = Instant.EPOCH;

    public MissingRequests(RunRepository runs, JobRecorder recorder, TrainerClient trainer, TrackingConfig config) {
        this.runs = runs;
        this.recorder = recorder;
        this.trainer = trainer;
        this.wait = config.requestWait();
    }

    /** Blocking: runs on the replayer's thread. */
    void resolve(TransactionRunner tx) {
        Instant now = Instant.now();
        if (now.isBefore(nextScan)) {
            return;
        }
        // a job waits request-wait before it is looked up; scanning more often than every few seconds gains nothing
        nextScan = now.plus(SCAN_EVERY.compareTo(wait) < 0 ? SCAN_EVERY : wait);
        for (String jobId : runs.withoutRequest(wait, 10).await().atMost(DB)) {
            if (nextLookup.getOrDefault(jobId, Instant.EPOCH).isAfter(now)) {
                continue;
            }
            nextLookup.put(jobId, now.plus(wait));
            Optional<RequestFacts> facts;
            try {
                facts = trainer.job(jobId).flatMap(j -> facts(jobId, j));
            } catch (RuntimeException e) {
                LOG.warnf("job %s has no training request yet and trainer-service could not say more: %s", jobId,
                        TrainerClient.unavailable("job " + jobId, e).getMessage());
                continue;
            }
            if (facts.isEmpty()) {
                LOG.warnf("job %s has no training request yet and trainer-service does not know it; its MLflow "
                        + "operations keep waiting", jobId);
                continue;
            }
            tx.run(c -> recorder.record(c, facts.get()).await().atMost(DB));
            nextLookup.remove(jobId);
            LOG.infof("job %s: no training request came within %s; took its facts from trainer-service", jobId, wait);
        }
        nextLookup.keySet().removeIf(id -> nextLookup.get(id).isBefore(now.minus(wait.multipliedBy(10))));
    }

    static Optional<RequestFacts> facts(String jobId, TrainerJob j) {
        if (j.modelType() == null || j.trackMlflow() == null || j.datasetId() == null || j.datasetVersion() == null) {
            return Optional.empty();
        }
        return Optional.of(new RequestFacts(jobId, j.trackMlflow(), j.modelType(),
                j.priority() == null ? "normal" : j.priority(), Boolean.TRUE.equals(j.useUpm()), j.datasetId(),
                j.datasetVersion(), j.createdBy() == null ? "unknown" : j.createdBy(), j.promptPreview(),
                j.createdAt()));
    }

    /** Runs work in a transaction (the replayer's). */
    @FunctionalInterface
    interface TransactionRunner {
        <T> T run(Function<SqlConnection, T> work);
    }
}
