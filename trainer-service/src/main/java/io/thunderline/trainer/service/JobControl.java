package io.thunderline.trainer.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.Outbox;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.UUID;

/** What a person does to a job: cancel, retry, clone with edits. */
@ApplicationScoped
public class JobControl {
    private final JobRepository jobs;
    private final JobEvents events;
    private final CancellationRegistry cancellations;
    private final Outbox outbox;

    public JobControl(JobRepository jobs, JobEvents events, CancellationRegistry cancellations, Outbox outbox) {
        this.jobs = jobs;
        this.events = events;
        this.cancellations = cancellations;
        this.outbox = outbox;
    }

    public record Result(String jobId, String outcome) {
    }

    /** A queued job is cancelled at once; a running one is told to stop and stops within one batch. */
    public Uni<Result> cancel(String jobId, String by) {
        return existing(jobId).flatMap(job -> jobs.pool().withTransaction(tx -> jobs.cancelQueued(tx, jobId)
                        .flatMap(cancelled -> !cancelled ? Uni.createFrom().item(false)
                                : events.publish(tx, jobId, JobEvents.Step.status(JobStatus.CANCELLED,
                                "Cancelled by " + by + " before it started")).replaceWith(true)))
                .flatMap(cancelledQueued -> {
                    if (cancelledQueued) {
                        return Uni.createFrom().item(new Result(jobId, "cancelled"));
                    }
                    return jobs.requestCancel(jobId, by).map(requested -> {
                        if (!requested) {
                            throw conflict("job " + jobId + " is " + job.status().wireName() + "; only queued or running jobs "
                                    + "can be cancelled");
                        }
                        cancellations.cancel(jobId);
                        return new Result(jobId, "cancelling");
                    });
                }));
    }

    public Uni<Result> retry(String jobId, String by) {
        return existing(jobId).flatMap(job -> jobs.pool().withTransaction(tx -> jobs.requeueForRetry(tx, jobId)
                .flatMap(requeued -> {
                    if (!requeued) {
                        throw conflict("job " + jobId + " is " + job.status().wireName() + "; only failed or cancelled jobs "
                                + "can be retried");
                    }
                    return events.publish(tx, jobId, JobEvents.Step.status(JobStatus.QUEUED, "Retried by " + by))
                            .replaceWith(new Result(jobId, "queued"));
                })));
    }

    public record CloneEdits(String priority, Boolean useUpm, Boolean trackMlflow, Integer datasetVersion) {
    }

    /** A new job like an old one, with edits; requested over training.requests like any other. */
    public Uni<Result> cloneJob(String jobId, CloneEdits edits, String by) {
        return existing(jobId).flatMap(job -> {
            CloneEdits e = edits == null ? new CloneEdits(null, null, null, null) : edits;
            String newId = UUID.randomUUID().toString();
            TrainingRequested request = new TrainingRequested(Contracts.SCHEMA_VERSION, newId, job.datasetId(),
                    e.datasetVersion() == null ? job.datasetVersion() : e.datasetVersion(), job.modelType(),
                    e.priority() == null ? job.priority() : Priority.fromWire(e.priority()),
                    e.useUpm() == null ? job.useUpm() : e.useUpm(), e.trackMlflow() == null ? job.trackMlflow() : e.trackMlflow(),
                    job.promptPreview(), by, Instant.now());
            return jobs.pool().withTransaction(tx -> outbox.append(tx, request, newId)).replaceWith(new Result(newId, "requested"));
        });
    }

    private Uni<JobRow> existing(String jobId) {
        return jobs.find(jobId).map(job -> job.orElseThrow(() -> new NotFoundException("no job " + jobId)));
    }

    private static WebApplicationException conflict(String message) {
        return new WebApplicationException(Response.status(409).entity(java.util.Map.of("message", message)).build());
    }
}
