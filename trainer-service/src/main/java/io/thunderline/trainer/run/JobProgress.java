package io.thunderline.trainer.run;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.ModelType;
import io.thunderline.trainer.engine.TrainingListener;
import io.thunderline.trainer.events.JobEvents;
import io.thunderline.trainer.events.JobLogs;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.TrialRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns an engine's progress callbacks into job updates (phases, per-epoch and per-trial metrics), trials and log
 * lines. Runs on the worker thread: each callback is one transaction, awaited once, so training goes on only after
 * what the page shows was stored. Each transaction first checks that this attempt still holds the job
 * ({@link ClaimLost} otherwise); one that fails stops the attempt ({@link ProgressNotStored}).
 */
final class JobProgress implements TrainingListener {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String jobId;
    private final String workerId;
    private final int attempt;
    private final ModelType modelType;
    private final Pool pool;
    private final JobRepository jobs;
    private final JobEvents events;
    private final JobLogs logs;
    private final TrialRepository trials;
    private final Counter epochs;
    private int phase = 1;

    JobProgress(Attempt attempt, ModelType modelType, Pool pool, JobRepository jobs, JobEvents events, JobLogs logs,
                TrialRepository trials, Counter epochs) {
        this.jobId = attempt.jobId();
        this.workerId = attempt.workerId();
        this.attempt = attempt.number();
        this.modelType = modelType;
        this.pool = pool;
        this.jobs = jobs;
        this.events = events;
        this.logs = logs;
        this.trials = trials;
        this.epochs = epochs;
    }

    @Override
    public void phase(int number, String message, Map<String, String> params) {
        phase = number;
        String name = JobUpdate.phaseName(number, modelType);
        JobEvents.Step step = new JobEvents.Step(JobStatus.RUNNING, number, null, null, Map.of(), params, message, name,
                null, null);
        inTransaction(tx -> publish(tx, step).flatMap(v -> log(tx, "INFO", "Phase " + number + "/4 " + name + ": " + message)));
    }

    @Override
    public void log(String level, String line) {
        inTransaction(tx -> log(tx, level, line));
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
        inTransaction(tx -> trials.start(tx, jobId, trial, architecture)
                .flatMap(v -> log(tx, "INFO", "trial " + trial + ": " + architecture)));
    }

    @Override
    public void onEpoch(int trial, int epoch, Map<String, Double> metrics) {
        // the final training (phase 3) is not a search trial: its epochs carry no trial number, so MLflow and the
        // page keep them apart from the trials' curves
        onMetrics(phase == 3 ? null : trial, epoch, TrainingListener.finite(metrics));
        epochs.increment();
    }

    @Override
    public void onMetrics(Integer trial, Integer epoch, Map<String, Double> metrics) {
        inTransaction(tx -> publish(tx, new JobEvents.Step(JobStatus.RUNNING, phase, trial, epoch, metrics, Map.of(), null)));
    }

    @Override
    public void onTrialEnd(int trial, int bestEpoch, Map<String, Double> bestMetrics) {
        Map<String, Double> metrics = TrainingListener.finite(bestMetrics);
        JobEvents.Step step = new JobEvents.Step(JobStatus.RUNNING, phase, trial, null, metrics,
                Map.of("best_epoch", Integer.toString(bestEpoch)), "trial " + trial + " done, best epoch " + bestEpoch);
        String line = String.format("trial %d: best epoch %d, val_f1 %.4f", trial, bestEpoch,
                metrics.getOrDefault("val_f1", Double.NaN));
        inTransaction(tx -> trials.finish(tx, jobId, trial, bestEpoch, metrics)
                .flatMap(v -> publish(tx, step)).flatMap(v -> log(tx, "INFO", line)));
    }

    private Uni<Void> publish(SqlClient tx, JobEvents.Step step) {
        return events.publish(tx, jobId, step).replaceWithVoid();
    }

    private Uni<Void> log(SqlClient tx, String level, String line) {
        return logs.append(tx, jobId, level, line);
    }

    /** Which claim of a job this is: the job, the worker that claimed it and the attempt's number. */
    record Attempt(String jobId, String workerId, int number) {
    }

    private void inTransaction(Function<SqlClient, Uni<Void>> work) {
        try {
            pool.withTransaction(tx -> jobs.holds(tx, jobId, workerId, attempt).flatMap(held -> {
                if (!held) {
                    throw new ClaimLost(jobId, workerId, attempt);
                }
                return work.apply(tx);
            })).await().atMost(WAIT);
        } catch (ClaimLost e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProgressNotStored(jobId, e);
        }
    }
}
