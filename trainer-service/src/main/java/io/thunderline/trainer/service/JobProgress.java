package io.thunderline.trainer.service;

import io.micrometer.core.instrument.Counter;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.ml.train.TrainingProgress;
import io.thunderline.trainer.repository.TrialRepository;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns ml-core's progress callbacks into job updates (phases, per-epoch and per-trial metrics) and log lines.
 * Runs on the worker thread; every update is committed before training goes on, so what the page shows is what
 * was stored.
 */
final class JobProgress implements TrainingProgress {
    private static final Logger LOG = Logger.getLogger(JobProgress.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String jobId;
    private final JobQueue queue;
    private final JobLogs logs;
    private final TrialRepository trials;
    private final Counter epochs;
    private final ModelType modelType;
    private int phase = 1;

    JobProgress(String jobId, ModelType modelType, JobQueue queue, JobLogs logs, TrialRepository trials, Counter epochs) {
        this.jobId = jobId;
        this.modelType = modelType;
        this.queue = queue;
        this.logs = logs;
        this.trials = trials;
        this.epochs = epochs;
    }

    @Override
    public void phase(int number, String message, Map<String, String> params) {
        phase = number;
        String name = JobUpdate.phaseName(number, modelType);
        publish(new JobEvents.Step(JobStatus.RUNNING, number, null, null, Map.of(), params, message, name));
        log("INFO", "Phase " + number + "/4 " + name + ": " + message);
    }

    @Override
    public void log(String level, String line) {
        logs.append(jobId, level, line).await().atMost(WAIT);
    }

    int currentPhase() {
        return phase;
    }

    @Override
    public void onPhase(String name, String detail) {
        switch (name) {
            case "search" -> phase(2, "searching " + detail, Map.of());
            case "retrain" -> phase(3, "retraining best architecture: " + detail, Map.of());
            default -> log("INFO", name + ": " + detail);
        }
    }

    @Override
    public void onTrialStart(int trial, String architecture) {
        trials.start(jobId, trial, architecture).await().atMost(WAIT);
        log("INFO", "trial " + trial + ": " + architecture);
    }

    @Override
    public void onEpoch(int trial, int epoch, Map<String, Double> metrics) {
        // the final training (phase 3) is not a search trial: its epochs carry no trial number, so MLflow and the
        // page keep them apart from the trials' curves
        publish(new JobEvents.Step(JobStatus.RUNNING, phase, phase == 3 ? null : trial, epoch, finite(metrics), Map.of(), null));
        epochs.increment();
    }

    @Override
    public void onTrialEnd(int trial, int bestEpoch, Map<String, Double> bestMetrics) {
        Map<String, Double> metrics = finite(bestMetrics);
        trials.finish(jobId, trial, bestEpoch, metrics).await().atMost(WAIT);
        publish(new JobEvents.Step(JobStatus.RUNNING, phase, trial, null, metrics,
                Map.of("best_epoch", Integer.toString(bestEpoch)), "trial " + trial + " done, best epoch " + bestEpoch));
        log("INFO", String.format("trial %d: best epoch %d, val_f1 %.4f", trial, bestEpoch,
                metrics.getOrDefault("val_f1", Double.NaN)));
    }

    void publish(JobEvents.Step step) {
        queue.publish(jobId, step).await().atMost(WAIT);
    }

    /** JSON has no NaN/Infinity: such values are left out rather than faked. */
    static Map<String, Double> finite(Map<String, Double> metrics) {
        Map<String, Double> out = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, v);
            } else {
                LOG.debugf("dropping non-finite metric %s=%s", k, v);
            }
        });
        return out;
    }
}
