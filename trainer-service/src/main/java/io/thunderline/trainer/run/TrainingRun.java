package io.thunderline.trainer.run;

import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.ml.data.LabeledData;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchCancelledException;
import io.thunderline.support.client.ServiceUnavailable;
import io.thunderline.support.problem.DatabaseOutage;
import io.thunderline.trainer.client.CerebrosUnavailable;
import io.thunderline.trainer.client.DatasetClient;
import io.thunderline.trainer.client.DatasetMissing;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.engine.ClassificationTraining;
import io.thunderline.trainer.engine.LanguageModelTraining;
import io.thunderline.trainer.engine.TrainingData;
import io.thunderline.trainer.engine.TrainingFailure;
import io.thunderline.trainer.engine.TrainingJob;
import io.thunderline.trainer.engine.TrainingOutcome;
import io.thunderline.trainer.events.JobEvents;
import io.thunderline.trainer.events.JobLogs;
import io.thunderline.trainer.metrics.TrainerMetrics;
import io.thunderline.trainer.queue.CancellationRegistry;
import io.thunderline.trainer.queue.JobQueue;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.TrialRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Runs one claimed job through the four phases: 1 load the dataset version, featurise and split; 2 architecture
 * search; 3 train the best architecture; 4 evaluate on held-out data, save the model, publish the final metrics.
 * Runs on a worker thread: each step that touches the database is awaited here, once, with a timeout.
 */
@ApplicationScoped
public class TrainingRun {
    private static final Logger LOG = Logger.getLogger(TrainingRun.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How often a job waiting for dataset-service asks again. */
    private static final Duration DATASET_POLL = Duration.ofSeconds(2);

    private final Pool pool;
    private final JobRepository jobs;
    private final JobQueue queue;
    private final JobEvents events;
    private final JobLogs logs;
    private final TrialRepository trials;
    private final DatasetClient datasets;
    private final ClassificationTraining classification;
    private final LanguageModelTraining languageModels;
    private final FeatureWindows windows;
    private final CancellationRegistry cancellations;
    private final TrainerMetrics metrics;
    private final Duration datasetWait;

    public TrainingRun(Pool pool, JobRepository jobs, JobQueue queue, JobEvents events, JobLogs logs, TrialRepository trials,
                       DatasetClient datasets, ClassificationTraining classification, LanguageModelTraining languageModels,
                       FeatureWindows windows, CancellationRegistry cancellations, TrainerMetrics metrics,
                       TrainerConfig config) {
        this.pool = pool;
        this.jobs = jobs;
        this.queue = queue;
        this.events = events;
        this.logs = logs;
        this.trials = trials;
        this.datasets = datasets;
        this.classification = classification;
        this.languageModels = languageModels;
        this.windows = windows;
        this.cancellations = cancellations;
        this.metrics = metrics;
        this.datasetWait = config.queue().datasetWait();
    }

    public void execute(JobRow job, String workerId) {
        LOG.infof("%s runs job %s (attempt %d)", workerId, job.id(), job.attempts());
        CancellationToken cancel = cancellations.open(job.id());
        JobProgress progress = new JobProgress(new JobProgress.Attempt(job.id(), workerId, job.attempts()), job.modelType(),
                pool, jobs, events, logs, trials, metrics.epochs(job.modelType()));
        long started = System.nanoTime();
        try {
            TrainingOutcome outcome = train(job, progress, cancel);
            String message = String.format("Completed in %.1f s: %s", (System.nanoTime() - started) / 1e9, outcome.summary());
            progress.log("INFO", message);
            queue.complete(job.id(), workerId, outcome, message).await().atMost(WAIT);
        } catch (ClaimLost e) {
            // rescued while this attempt was paused or cut off: the attempt that holds the job now is the one that reports
            LOG.warnf("%s; stopping it without publishing anything more", e.getMessage());
        } catch (ProgressNotStored e) {
            LOG.warnf("job %s: %s", job.id(), e.getMessage());
            if (DatabaseOutage.is(e)) {
                giveBack(job, workerId, e);
            } else {
                // the database answered, and refused: a fault of this job's data or of the code, which counts
                queue.retryLater(job, workerId, "Training stopped: " + e.getCause().getMessage()).await().atMost(WAIT);
            }
        } catch (SearchCancelledException e) {
            queue.cancelled(job.id(), workerId, progress.currentPhase()).await().atMost(WAIT);
        } catch (CerebrosUnavailable e) {
            LOG.warnf("job %s: %s", job.id(), e.getMessage());
            safeLog(progress, "WARN", e.getMessage() + "; the job goes back to the queue until Cerebros answers again");
            queue.waitForCerebros(job, workerId, e.getMessage()).await().atMost(WAIT);
        } catch (TrainingFailure e) {
            LOG.warnf("job %s: %s", job.id(), e.getMessage());
            safeLog(progress, "ERROR", e.getMessage());
            if (e.retryable()) {
                queue.retryLater(job, workerId, e.getMessage()).await().atMost(WAIT);
            } else {
                queue.finish(job.id(), workerId, JobStatus.FAILED, e.getMessage()).await().atMost(WAIT);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "job %s failed", job.id());
            String reason = "Training stopped unexpectedly: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            safeLog(progress, "ERROR", reason);
            queue.retryLater(job, workerId, reason).await().atMost(WAIT);
        } finally {
            cancellations.close(job.id());
        }
    }

    private TrainingOutcome train(JobRow job, JobProgress progress, CancellationToken cancel) {
        progress.phase(1, "loading dataset " + job.datasetId() + " version " + job.datasetVersion(), Map.of(
                "model_type", job.modelType().wireName(), "priority", job.priority().wireName(),
                "use_upm", Boolean.toString(job.useUpm()), "dataset_version", Integer.toString(job.datasetVersion())));
        String csv = load(job, progress, cancel);
        try {
            if (job.modelType().classification()) {
                LabeledData data = TrainingData.classification(csv);
                windows.sinkFor(job.id(), job.modelType(), job.useUpm(), progress).publish(data);
                return classification.train(new TrainingJob(job.id(), job.datasetId(), job.modelType()), data, progress,
                        cancel);
            }
            if (job.useUpm()) {
                progress.log("INFO", "UPM learns classification families online; " + job.modelType().label()
                        + " jobs send no feature windows");
            }
            return languageModels.train(TrainingData.pairs(csv, job.modelType()),
                    job.modelType() == ModelType.INSTRUCTION_FOLLOWING, progress, cancel);
        } catch (IllegalArgumentException e) {
            throw new TrainingFailure("The dataset cannot be trained on: " + e.getMessage(), false, e);
        }
    }

    private String load(JobRow job, JobProgress progress, CancellationToken cancel) {
        // an outage of dataset-service (a restart) is waited out for a while before the attempt counts as failed
        long deadline = System.nanoTime() + datasetWait.toNanos();
        boolean told = false;
        while (true) {
            try {
                return datasets.canonicalCsv(job.datasetId(), job.datasetVersion());
            } catch (DatasetMissing e) {
                throw new TrainingFailure("Dataset " + job.datasetId() + " version " + job.datasetVersion()
                        + " does not exist any more", false, e);
            } catch (RuntimeException e) {
                boolean outage = e instanceof ServiceUnavailable;
                if (!outage || cancel.isCancelled() || System.nanoTime() + DATASET_POLL.toNanos() > deadline) {
                    throw new TrainingFailure("Could not load the dataset: dataset-service unavailable ("
                            + ServiceUnavailable.reason(e) + ")", true, e);
                }
                if (!told) {
                    safeLog(progress, "WARN", "dataset-service unavailable (" + ServiceUnavailable.reason(e)
                            + "); waiting up to " + datasetWait.toSeconds() + " s for it");
                    told = true;
                }
                sleep(DATASET_POLL);
            }
        }
    }

    /**
     * Back to the queue without using up the attempt, once the database answers again (tried for up to the heartbeat
     * limit; after that the job is rescued like that of a dead worker).
     */
    private void giveBack(JobRow job, String workerId, ProgressNotStored e) {
        String reason = "Interrupted: the trainer's database failed (" + e.getCause().getClass().getSimpleName() + ")";
        for (int tries = 0; tries < 15; tries++) {
            try {
                queue.interrupted(job, workerId, reason).await().atMost(WAIT);
                return;
            } catch (RuntimeException again) {
                LOG.debugf("job %s: the database is still down (%s)", job.id(), again.toString());
                sleep(Duration.ofSeconds(2));
            }
        }
        LOG.errorf("job %s: could not requeue it while the database is down; the heartbeat check rescues it", job.id());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void safeLog(JobProgress progress, String level, String line) {
        try {
            progress.log(level, line);
        } catch (RuntimeException ignored) {
            // the database may be what failed; the job's status still carries the reason
        }
    }
}
