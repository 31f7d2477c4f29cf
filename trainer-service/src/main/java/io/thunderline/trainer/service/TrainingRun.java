package io.thunderline.trainer.service;

import io.thunderline.contracts.JobStatus;
import io.thunderline.ml.nas.CancellationToken;
import io.thunderline.ml.nas.SearchCancelledException;
import io.thunderline.trainer.client.DatasetClient;
import io.thunderline.trainer.metrics.TrainerMetrics;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.TrialRepository;
import jakarta.enterprise.context.ApplicationScoped;
import io.thunderline.trainer.client.CerebrosUnavailable;
import io.thunderline.trainer.client.DatasetMissing;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;

/**
 * Runs one claimed job through the four phases: 1 load the dataset version, featurise and split; 2 architecture
 * search; 3 train the best architecture; 4 evaluate on held-out data, save the model, publish the final metrics.
 */
@ApplicationScoped
public class TrainingRun {
    private static final Logger LOG = Logger.getLogger(TrainingRun.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final JobQueue queue;
    private final JobLogs logs;
    private final TrialRepository trials;
    private final DatasetClient datasets;
    private final ClassificationTraining classification;
    private final LanguageModelTraining languageModels;
    private final FeatureWindows windows;
    private final CancellationRegistry cancellations;
    private final TrainingEngine engine;
    private final TrainerMetrics metrics;
    private final JobRepository jobs;

    public TrainingRun(JobQueue queue, JobLogs logs, TrialRepository trials, DatasetClient datasets,
                       ClassificationTraining classification, LanguageModelTraining languageModels,
                       FeatureWindows windows, CancellationRegistry cancellations, LocalEngine local,
                       CerebrosEngine cerebros, TrainerMetrics metrics, JobRepository jobs) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.queue = queue;
        this.logs = logs;
        this.trials = trials;
        this.datasets = datasets;
        this.classification = classification;
        this.languageModels = languageModels;
        this.windows = windows;
        this.cancellations = cancellations;
        // CEREBROS_URL set: phases 2-3 of every job go to the remote service; otherwise ml-core runs them here
        this.engine = cerebros.enabled() ? cerebros : local;
        LOG.infof("phases 2-3 run on %s", engine.describe());
    }

    public void execute(JobRow job, String workerId) {
        LOG.infof("%s runs job %s (attempt %d)", workerId, job.id(), job.attempts());
        CancellationToken cancel = cancellations.open(job.id());
        JobProgress progress = new JobProgress(job.id(), job.modelType(), queue, logs, trials, metrics.epochs(job.modelType()));
        long started = System.nanoTime();
        try {
            TrainingOutcome outcome = train(job, progress, cancel);
            String message = String.format("Completed in %.1f s: %s", (System.nanoTime() - started) / 1e9, outcome.summary());
            progress.log("INFO", message);
            queue.complete(job.id(), workerId, outcome, message).await().atMost(WAIT);
        } catch (SearchCancelledException e) {
            String by = jobs.cancelRequestedBy(job.id()).await().atMost(WAIT);
            String message = "Cancelled " + (by == null ? "" : "by " + by + " ") + "during phase " + progress.currentPhase();
            progress.log("WARN", message);
            queue.finish(job.id(), workerId, JobStatus.CANCELLED, message, Map.of()).await().atMost(WAIT);
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
                queue.finish(job.id(), workerId, JobStatus.FAILED, e.getMessage(), Map.of()).await().atMost(WAIT);
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
        String csv = load(job);
        try {
            if (job.modelType().classification()) {
                return classification.train(job, TrainingData.classification(csv), progress, cancel,
                        windows.sinkFor(job.id(), job.modelType(), job.useUpm(), progress), engine);
            }
            if (job.useUpm()) {
                progress.log("INFO", "UPM learns classification families online; " + job.modelType().label()
                        + " jobs send no feature windows");
            }
            return languageModels.train(job, TrainingData.pairs(csv, job.modelType()), progress, cancel, engine);
        } catch (IllegalArgumentException e) {
            throw new TrainingFailure("The dataset cannot be trained on: " + e.getMessage(), false, e);
        }
    }

    private String load(JobRow job) {
        try {
            return datasets.canonicalCsv(job.datasetId(), job.datasetVersion());
        } catch (DatasetMissing e) {
            throw new TrainingFailure("Dataset " + job.datasetId() + " version " + job.datasetVersion()
                    + " does not exist any more", false, e);
        } catch (RuntimeException e) {
            throw new TrainingFailure("Could not load the dataset: dataset-service unavailable (" + e.getMessage() + ")", true, e);
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
