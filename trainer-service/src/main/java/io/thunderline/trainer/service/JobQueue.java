package io.thunderline.trainer.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.repository.JobRepository;
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

    public JobQueue(JobRepository jobs, JobEvents events, TrainerConfig config) {
        this.jobs = jobs;
        this.events = events;
        this.config = config;
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
                        finalMetrics == null ? Map.of() : finalMetrics, message)).replaceWith(true)));
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
        Duration backoff = Duration.ofSeconds((long) Math.min(60, Math.pow(2, job.attempts())));
        LOG.warnf("job %s requeued: %s", job.id(), reason);
        return jobs.requeue(tx, job.id(), backoff, reason)
                .flatMap(v -> events.publish(tx, job.id(), JobEvents.Step.status(JobStatus.QUEUED,
                        reason + "; retrying in " + backoff.toSeconds() + " s")))
                .replaceWithVoid();
    }
}
