package io.thunderline.trainer.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.ModelRepository;
import io.thunderline.trainer.repository.JobRow;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The training queue: enqueue, claim, finish, and rescue of jobs whose worker died. */
@ApplicationScoped
public class JobQueue {
    private static final Logger LOG = Logger.getLogger(JobQueue.class);

    private final JobRepository jobs;
    private final JobEvents events;
    private final TrainerConfig config;
    private final ModelRepository models;

    public JobQueue(JobRepository jobs, JobEvents events, TrainerConfig config, ModelRepository models) {
        this.jobs = jobs;
        this.events = events;
        this.config = config;
        this.models = models;
    }

    /** Stores the job (once, whatever the redeliveries) and announces it as queued. */
    public Uni<Void> enqueue(SqlClient tx, TrainingRequested request) {
        return jobs.enqueue(tx, request, config.queue().maxAttempts()).flatMap(inserted -> {
            if (!inserted) {
                LOG.infof("job %s is already queued; ignoring the repeated request", request.jobId());
                return Uni.createFrom().voidItem();
            }
            LOG.infof("queued job %s (%s, %s priority) for dataset %s v%d", request.jobId(), request.modelType().wireName(),
                    request.priority().wireName(), request.datasetId(), request.datasetVersion());
            return events.publish(tx, request.jobId(), JobEvents.Step.status(JobStatus.QUEUED, "Waiting for a trainer"))
                    .replaceWithVoid();
        });
    }

    public Uni<Optional<JobRow>> claim(String workerId) {
        return jobs.pool().withTransaction(tx -> jobs.claim(tx, workerId).flatMap(job -> {
            if (job.isEmpty()) {
                return Uni.createFrom().item(job);
            }
            String message = "Picked up by " + workerId + " (attempt " + job.get().attempts() + " of "
                    + job.get().maxAttempts() + ")";
            return events.publish(tx, job.get().id(), JobEvents.Step.status(JobStatus.RUNNING, message)).replaceWith(job);
        }));
    }

    public Uni<Void> publish(String jobId, JobEvents.Step step) {
        return jobs.pool().withTransaction(tx -> events.publish(tx, jobId, step)).replaceWithVoid();
    }

    /** Ends a job this worker holds; false if it was taken away meanwhile (then nothing is published). */
    public Uni<Boolean> finish(String jobId, String workerId, JobStatus status, String message,
                               Map<String, Double> finalMetrics) {
        return jobs.pool().withTransaction(tx -> jobs.finish(tx, jobId, workerId, status,
                        status == JobStatus.FAILED ? message : null, finalMetrics)
                .flatMap(finished -> !finished ? Uni.createFrom().item(false)
                        : events.publish(tx, jobId, new JobEvents.Step(status, null, null, null,
                        finalMetrics == null ? Map.of() : finalMetrics, Map.of(), message)).replaceWith(true)));
    }

    /** Completes a job: its model file, final metrics and the completed update in one transaction. */
    public Uni<Boolean> complete(String jobId, String workerId, TrainingOutcome outcome, String message) {
        ModelRepository.StoredModel model = new ModelRepository.StoredModel(jobId, outcome.modelKind(), outcome.modelFile(),
                sha256(outcome.modelFile()));
        return jobs.pool().withTransaction(tx -> jobs.finish(tx, jobId, workerId, JobStatus.COMPLETED, null, outcome.metrics())
                .flatMap(finished -> !finished ? Uni.createFrom().item(false)
                        : models.save(tx, model)
                        .flatMap(v -> events.publish(tx, jobId, new JobEvents.Step(JobStatus.COMPLETED, 4, null, null,
                                outcome.metrics(), withChecksum(outcome.params(), model.sha256()), message)))
                        .replaceWith(true)));
    }

    private static Map<String, String> withChecksum(Map<String, String> params, String sha256) {
        Map<String, String> all = new java.util.LinkedHashMap<>(params);
        all.put("model_sha256", sha256);
        return all;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A failed attempt: back to the queue with backoff while attempts remain, otherwise failed with the reason. */
    public Uni<Void> retryLater(JobRow job, String workerId, String reason) {
        if (job.attempts() >= job.maxAttempts()) {
            return finish(job.id(), workerId, JobStatus.FAILED, reason + " (gave up after " + job.attempts() + " attempts)",
                    Map.of()).replaceWithVoid();
        }
        Duration backoff = backoff(job.attempts());
        return jobs.pool().withTransaction(tx -> jobs.requeueOwned(tx, job.id(), workerId, backoff, reason)
                .flatMap(requeued -> !requeued ? Uni.createFrom().voidItem()
                        : events.publish(tx, job.id(), JobEvents.Step.status(JobStatus.QUEUED, reason + "; attempt "
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
        return jobs.remoteState(jobs.pool(), job.id()).flatMap(state -> {
            if (state.waitingSince() != null
                    && state.waitingSince().toInstant().plus(c.giveUpAfter()).isBefore(java.time.Instant.now())) {
                return finish(job.id(), workerId, JobStatus.FAILED, reason + "; Cerebros has been unavailable since "
                        + state.waitingSince() + ", longer than " + c.giveUpAfter() + ", so the job gave up", Map.of())
                        .replaceWithVoid();
            }
            return jobs.pool().withTransaction(tx -> jobs.waitForCerebros(tx, job.id(), workerId, c.unavailableBackoff(),
                            c.unavailableBackoffMax(), reason)
                    .flatMap(wait -> wait.isEmpty() ? Uni.createFrom().voidItem()
                            : events.publish(tx, job.id(), JobEvents.Step.status(JobStatus.QUEUED, String.format(
                                    "%s; the job waits in the queue and is tried again in %.0f s (waiting for Cerebros "
                                            + "does not use up attempts)", reason, Math.ceil(wait.get()))))
                            .replaceWithVoid()));
        });
    }

    Duration backoff(int attempts) {
        long base = config.queue().retryBackoff().toMillis();
        return Duration.ofMillis(Math.min(60_000, base * (1L << Math.min(10, Math.max(0, attempts - 1)))));
    }

    /** Gives jobs of dead workers back to the queue with backoff, or fails them after their last attempt. */
    public Uni<Integer> rescueStale() {
        Duration timeout = config.queue().heartbeatTimeout();
        return jobs.pool().withTransaction(tx -> jobs.lockStale(tx, timeout).flatMap(stale -> {
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
                .flatMap(v -> events.publish(tx, job.id(), JobEvents.Step.status(JobStatus.QUEUED,
                        reason + "; retrying in " + backoff.toSeconds() + " s")))
                .replaceWithVoid();
    }
}
