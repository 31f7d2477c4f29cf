package io.thunderline.trainer.queue;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.engine.TrainingOutcome;
import io.thunderline.trainer.events.JobEvents;
import io.thunderline.trainer.events.JobLogs;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.JobUpdateRepository;
import io.thunderline.trainer.repository.ModelRepository;
import io.thunderline.trainer.repository.RemoteJobRepository;
import io.thunderline.trainer.repository.WorkerRepository;
import io.thunderline.support.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final JobUpdateRepository updates;
    private final Outbox outbox;
    private final TrainerConfig config;

    public JobQueue(Pool pool, JobRepository jobs, WorkerRepository workers, RemoteJobRepository remote,
                    ModelRepository models, JobEvents events, JobLogs logs, JobUpdateRepository updates, Outbox outbox,
                    TrainerConfig config) {
        this.pool = pool;
        this.jobs = jobs;
        this.workers = workers;
        this.remote = remote;
        this.models = models;
        this.events = events;
        this.logs = logs;
        this.updates = updates;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * Stores the job (once, whatever the redeliveries) and announces it as queued, with its request, in the caller's
     * transaction: one statement writes the job's row and its update number 0. A cancel that came before the request
     * (the person clicked Cancel while it was on its way) cancels the job at once.
     */
    public Uni<Void> enqueue(SqlClient tx, TrainingRequested request) {
        JobUpdate queued = update(request.jobId(), JobStatus.QUEUED, null, Map.of(), Map.of(), "Waiting for a trainer",
                request, null);
        return jobs.lock(tx, request.jobId())
                .flatMap(locked -> jobs.enqueue(tx, request, config.queue().maxAttempts(), outbox.insertFor(tx, queued)))
                .flatMap(enqueued -> {
                    if (!enqueued.inserted()) {
                        LOG.infof("job %s is already queued; ignoring the repeated request", request.jobId());
                        return Uni.createFrom().voidItem();
                    }
                    outbox.written(tx);
                    LOG.infof("queued job %s (%s, %s priority) for dataset %s v%d", request.jobId(),
                            request.modelType().wireName(), request.priority().wireName(), request.datasetId(),
                            request.datasetVersion());
                    if (enqueued.cancelledBy() == null) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("job %s was cancelled by %s before it arrived", request.jobId(), enqueued.cancelledBy());
                    return cancelWhileQueued(tx, request.jobId(), enqueued.cancelledBy()).replaceWithVoid();
                });
    }

    /**
     * Cancels a job that is still queued and announces it ("Cancelled by … before it started"), in the caller's
     * transaction; false (nothing written) when the job was not queued.
     */
    public Uni<Boolean> cancelWhileQueued(SqlClient tx, String jobId, String by) {
        return jobs.cancelQueued(tx, jobId).call(queued -> queued
                ? events.publish(tx, jobId, JobEvents.Step.status(JobStatus.CANCELLED, "Cancelled by " + by
                        + " before it started"))
                : Uni.createFrom().voidItem());
    }

    public Uni<Optional<JobRow>> claim(String workerId) {
        return claim(workerId, 1).map(claimed -> claimed.stream().findFirst());
    }

    /**
     * Takes up to {@code max} jobs, highest priority and oldest first, each announced as running ("Picked up by …
     * (attempt n of m)"). One statement, no transaction round trips: the batch's rows and updates commit together.
     */
    public Uni<List<JobRow>> claim(String workerId, int max) {
        JobUpdate running = update(PER_JOB, JobStatus.RUNNING, null, Map.of(), Map.of(), "Picked up", null, null);
        return jobs.claim(pool, workerId, max, outbox.insertFor(pool, running)).invoke(claimed -> {
            if (!claimed.isEmpty()) {
                outbox.written(pool);
            }
        });
    }

    /** Ends a job this worker holds; false if it was taken away meanwhile (then nothing is published). */
    public Uni<Boolean> finish(String jobId, String workerId, JobStatus status, String message) {
        return finish(pool, List.of(jobId), workerId, status, message).map(finished -> !finished.isEmpty());
    }

    /**
     * Ends the jobs of {@code jobIds} this worker still holds, each with the same status and message, in one
     * statement; returns those that were ended (a job taken away meanwhile is left alone and gets no update).
     */
    public Uni<List<String>> finish(List<String> jobIds, String workerId, JobStatus status, String message) {
        return finish(pool, jobIds, workerId, status, message).map(finished -> List.copyOf(finished.keySet()));
    }

    private Uni<Boolean> finish(SqlClient tx, String jobId, String workerId, JobStatus status, String message) {
        return finish(tx, List.of(jobId), workerId, status, message).map(finished -> !finished.isEmpty());
    }

    private Uni<Map<String, Long>> finish(SqlClient client, List<String> jobIds, String workerId, JobStatus status,
                                          String message) {
        JobUpdate update = update(PER_JOB, status, null, Map.of(), Map.of(), message, null, null);
        return finish(client, jobIds, workerId, status, status == JobStatus.FAILED ? message : null, Map.of(), update);
    }

    private Uni<Map<String, Long>> finish(SqlClient client, List<String> jobIds, String workerId, JobStatus status,
                                          String error, Map<String, Double> finalMetrics, JobUpdate update) {
        return jobs.finish(client, jobIds, workerId, status, error, finalMetrics, update.phase(),
                outbox.insertFor(client, update)).invoke(finished -> {
                    if (!finished.isEmpty()) {
                        outbox.written(client);
                    }
                });
    }

    /** The job id of an update that the statement writing it fills in per job (with the job's next update number). */
    private static final String PER_JOB = "per-job";

    /** A job update before the statement that writes it gives it the job's id (for a batch) and next number. */
    private static JobUpdate update(String jobId, JobStatus status, Integer phase, Map<String, Double> metrics,
                                    Map<String, String> params, String message, TrainingRequested request, String modelUrl) {
        return new JobUpdate(Contracts.SCHEMA_VERSION, jobId, 0, status, phase, phase == null ? null : JobUpdate.phaseName(phase),
                null, null, metrics, params, message, Instant.now(), request, modelUrl);
    }

    /** Ends a job that was cancelled while it ran, naming who asked (the message is also the job's last log line). */
    public Uni<Boolean> cancelled(String jobId, String workerId, int phase) {
        return pool.withTransaction(tx -> jobs.cancelRequestedBy(tx, jobId).flatMap(by -> {
            String message = "Cancelled " + (by == null ? "" : "by " + by + " ") + "during phase " + phase;
            return logs.append(tx, jobId, "WARN", message).flatMap(v -> finish(tx, jobId, workerId, JobStatus.CANCELLED, message));
        }));
    }

    /**
     * Completes a job: the row and the completed update (phase 4, final metrics, the model's URL) in one statement, then
     * the model file and the update's metrics, in one transaction.
     */
    public Uni<Boolean> complete(String jobId, String workerId, TrainingOutcome outcome, String message) {
        ModelRepository.StoredModel model = new ModelRepository.StoredModel(jobId, outcome.modelKind(), outcome.modelFile(),
                outcome.modelSha256());
        Map<String, String> params = new LinkedHashMap<>(outcome.params());
        params.put("model_sha256", model.sha256());
        JobUpdate completed = update(jobId, JobStatus.COMPLETED, 4, outcome.metrics(), params, message, null, modelUrl(jobId));
        return pool.withTransaction(tx -> finish(tx, List.of(jobId), workerId, JobStatus.COMPLETED, null, outcome.metrics(),
                completed).flatMap(finished -> {
                    if (finished.isEmpty()) {
                        return Uni.createFrom().item(false);
                    }
                    Uni<Void> metrics = completed.metrics().isEmpty() ? Uni.createFrom().voidItem()
                            : updates.addMetrics(tx, jobId, finished.get(jobId), 4, null, null, completed.metrics());
                    return models.save(tx, model).flatMap(v -> metrics).replaceWith(true);
                }));
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
        return pool.withTransaction(tx -> jobs.requeueOwned(tx, job.id(), workerId, backoff, reason, false)
                .flatMap(requeued -> !requeued ? Uni.createFrom().voidItem()
                        : events.publish(tx, job.id(), JobEvents.Step.queued(job.request(), reason + "; attempt "
                        + (job.attempts() + 1) + " of " + job.maxAttempts() + " in " + backoff.toSeconds() + " s"))
                        .replaceWithVoid()));
    }

    /**
     * The attempt was interrupted by an outage of this service's database: back to the queue after a short wait,
     * and the attempt does not count, because a database blip says nothing about the job.
     */
    public Uni<Boolean> interrupted(JobRow job, String workerId, String reason) {
        Duration wait = config.queue().retryBackoff();
        return pool.withTransaction(tx -> jobs.requeueOwned(tx, job.id(), workerId, wait, reason, true)
                .flatMap(requeued -> !requeued ? Uni.createFrom().item(false)
                        : events.publish(tx, job.id(), JobEvents.Step.queued(job.request(), reason + "; the job is tried "
                        + "again in " + wait.toSeconds() + " s (an outage does not use up attempts)")).replaceWith(true)));
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
