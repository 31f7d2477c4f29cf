package io.thunderline.trainer.queue;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.engine.TrainingOutcome;
import io.thunderline.trainer.events.JobEvents;
import io.thunderline.trainer.events.JobLogs;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.ModelRepository;
import io.thunderline.trainer.repository.RemoteJobRepository;
import io.thunderline.trainer.repository.WorkerRepository;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The training queue: enqueue, claim, finish, retry and the rescue of jobs whose worker died. Each method is one
 * transaction: the job's row and the update announcing it change together.
 */
@ApplicationScoped
public class JobQueue {
    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    private final Pool pool;
    private final JobRepository jobs;
    private final WorkerRepository workers;
    private final RemoteJobRepository remote;
    private final ModelRepository models;
    private final JobEvents events;
    private final JobLogs logs;
    private final TrainerConfig config;

    public JobQueue(Pool pool, JobRepository jobs, WorkerRepository workers, RemoteJobRepository remote,
                    ModelRepository models, JobEvents events, JobLogs logs, TrainerConfig config) {
        this.pool = pool;
        this.jobs = jobs;
        this.workers = workers;
        this.remote = remote;
        this.models = models;
        this.events = events;
        this.logs = logs;
        this.config = config;
    }

    /** Stores the job (once, whatever the redeliveries) and announces it as queued, with its request, in the caller's transaction. */
    public Uni<Void> enqueue(SqlClient tx, TrainingRequested request) {
        return jobs.enqueue(tx, request, config.queue().maxAttempts()).flatMap(inserted -> {
            if (!inserted) {
                LOG.infof("job %s is already queued; ignoring the repeated request", request.jobId());
                return Uni.createFrom().voidItem();
            }
            LOG.infof("queued job %s (%s, %s priority) for dataset %s v%d", request.jobId(), request.modelType().wireName(),
                    request.priority().wireName(), request.datasetId(), request.datasetVersion());
            return events.publish(tx, request.jobId(), JobEvents.Step.queued(request, "Waiting for a trainer"))
                    .replaceWithVoid();
        });
    }

    public Uni<Optional<JobRow>> claim(String workerId) {
        return pool.withTransaction(tx -> jobs.claim(tx, workerId).flatMap(job -> {
            if (job.isEmpty()) {
                return Uni.createFrom().item(job);
            }
            String message = "Picked up by " + workerId + " (attempt " + job.get().attempts() + " of "
                    + job.get().maxAttempts() + ")";
            return events.publish(tx, job.get().id(), JobEvents.Step.status(JobStatus.RUNNING, message)).replaceWith(job);
        }));
    }

    /** Ends a job this worker holds; false if it was taken away meanwhile (then nothing is published). */
    public Uni<Boolean> finish(String jobId, String workerId, JobStatus status, String message) {
        return pool.withTransaction(tx -> finish(tx, jobId, workerId, status, message));
    }

    private Uni<Boolean> finish(SqlClient tx, String jobId, String workerId, JobStatus status, String message) {
        return jobs.finish(tx, jobId, workerId, status, status == JobStatus.FAILED ? message : null, Map.of())
                .flatMap(finished -> !finished ? Uni.createFrom().item(false)
                        : events.publish(tx, jobId, JobEvents.Step.status(status, message)).replaceWith(true));
    }

    /** Ends a job that was cancelled while it ran, naming who asked (the message is also the job's last log line). */
    public Uni<Boolean> cancelled(String jobId, String workerId, int phase) {
        return pool.withTransaction(tx -> jobs.cancelRequestedBy(tx, jobId).flatMap(by -> {
            String message = "Cancelled " + (by == null ? "" : "by " + by + " ") + "during phase " + phase;
            return logs.append(tx, jobId, "WARN", message).flatMap(v -> finish(tx, jobId, workerId, JobStatus.CANCELLED, message));
        }));
    }

    /** Completes a job: its model file, final metrics and the completed update (with the model's URL) in one transaction. */
    public Uni<Boolean> complete(String jobId, String workerId, TrainingOutcome outcome, String message) {
        ModelRepository.StoredModel model = new ModelRepository.StoredModel(jobId, outcome.modelKind(), outcome.modelFile(),
                outcome.modelSha256());
        Map<String, String> params = new LinkedHashMap<>(outcome.params());
        params.put("model_sha256", model.sha256());
        JobEvents.Step completed = new JobEvents.Step(JobStatus.COMPLETED, 4, null, null, outcome.metrics(), params, message,
                null, null, modelUrl(jobId));
        return pool.withTransaction(tx -> jobs.finish(tx, jobId, workerId, JobStatus.COMPLETED, null, outcome.metrics())
                .flatMap(finished -> !finished ? Uni.createFrom().item(false)
                        : models.save(tx, model).flatMap(v -> events.publish(tx, jobId, completed)).replaceWith(true)));
    }

    /** Where anyone can GET the job's model file: this service's public URL + ModelResource's file endpoint. */
    String modelUrl(String jobId) {
        return config.publicUrl().replaceAll("/+$", "") + "/models/" + jobId + "/file";
    }

    /** A failed attempt: back to the queue with backoff while attempts remain, otherwise failed with the reason. */
    public Uni<Void> retryLater(JobRow job, String workerId, String reason) {
        if (job.attempts() >= job.maxAttempts()) {
            return finish(job.id(), workerId, JobStatus.FAILED, reason + " (gave up after " + job.attempts() + " attempts)")
                    .replaceWithVoid();
        }
        Duration backoff = backoff(job.attempts());
        return pool.withTransaction(tx -> jobs.requeueOwned(tx, job.id(), workerId, backoff, reason)
                .flatMap(requeued -> !requeued ? Uni.createFrom().voidItem()
                        : events.publish(tx, job.id(), JobEvents.Step.queued(job.request(), reason + "; attempt "
                        + (job.attempts() + 1) + " of " + job.maxAttempts() + " in " + backoff.toSeconds() + " s"))
                        .replaceWithVoid()));
    }

    /**
     * Cerebros could not be reached: the job goes back to the queue and is tried again later, without using up an
     * attempt, because an outage of the training service says nothing about the job. People expect a submitted job to
     * run once the service is back rather than to find it failed after three quick tries; the wait doubles while
     * Cerebros stays down (capped) so a long outage costs little, and after a configured time (24 h by default) the
     * job fails with the reason, so nothing waits forever unseen.
     */
    public Uni<Void> waitForCerebros(JobRow job, String workerId, String reason) {
        TrainerConfig.Cerebros c = config.cerebros();
        return pool.withTransaction(tx -> remote.state(tx, job.id()).flatMap(state -> {
            if (state.waitingSince() != null && state.waitingSince().toInstant().plus(c.giveUpAfter()).isBefore(Instant.now())) {
                return finish(tx, job.id(), workerId, JobStatus.FAILED, reason + "; Cerebros has been unavailable since "
                        + state.waitingSince() + ", longer than " + c.giveUpAfter() + ", so the job gave up").replaceWithVoid();
            }
            return jobs.waitForCerebros(tx, job.id(), workerId, c.unavailableBackoff(), c.unavailableBackoffMax(), reason)
                    .flatMap(wait -> wait.isEmpty() ? Uni.createFrom().voidItem()
                            : events.publish(tx, job.id(), JobEvents.Step.queued(job.request(), String.format(
                                    "%s; the job waits in the queue and is tried again in %.0f s (waiting for Cerebros "
                                            + "does not use up attempts)", reason, Math.ceil(wait.get()))))
                            .replaceWithVoid());
        }));
    }

    Duration backoff(int attempts) {
        long base = config.queue().retryBackoff().toMillis();
        return Duration.ofMillis(Math.min(60_000, base * (1L << Math.min(10, Math.max(0, attempts - 1)))));
    }

    /** Gives jobs of dead workers back to the queue with backoff, or fails them after their last attempt. */
    public Uni<Integer> rescueStale() {
        Duration timeout = config.queue().heartbeatTimeout();
        return pool.withTransaction(tx -> jobs.lockStale(tx, timeout).flatMap(stale -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (JobRow job : stale) {
                chain = chain.flatMap(v -> rescue(tx, job, timeout));
            }
            return chain.replaceWith(stale.size());
        }));
    }

    private Uni<Void> rescue(SqlClient tx, JobRow job, Duration timeout) {
        String reason = "The trainer running this job (" + job.workerId() + ") stopped responding for more than "
                + timeout.toSeconds() + " s";
        if (job.attempts() >= job.maxAttempts()) {
            LOG.warnf("job %s failed: %s, and it had no attempts left", job.id(), reason);
            return jobs.failStale(tx, job.id(), reason + "; no attempts left")
                    .flatMap(v -> events.publish(tx, job.id(), JobEvents.Step.status(JobStatus.FAILED,
                            reason + "; it was tried " + job.attempts() + " times.")))
                    .replaceWithVoid();
        }
        Duration backoff = backoff(job.attempts());
        LOG.warnf("job %s requeued: %s", job.id(), reason);
        return jobs.requeue(tx, job.id(), backoff, reason)
                .flatMap(v -> events.publish(tx, job.id(), JobEvents.Step.queued(job.request(),
                        reason + "; retrying in " + backoff.toSeconds() + " s")))
                .replaceWithVoid();
    }

    /** Pauses or resumes the whole queue (every instance): jobs still arrive, none is claimed while paused. */
    public Uni<Boolean> setPaused(boolean paused) {
        return pool.withTransaction(tx -> workers.setPaused(tx, paused)).flatMap(v -> paused());
    }

    public Uni<Boolean> paused() {
        return workers.paused(pool);
    }
}
