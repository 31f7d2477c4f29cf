package io.thunderline.trainer.queue;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.Outbox;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.events.JobEvents;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.UUID;

/** What a person does to a job: cancel, retry, clone with edits. Each is one transaction. */
@ApplicationScoped
public class JobControl {
    private final Pool pool;
    private final JobRepository jobs;
    private final JobEvents events;
    private final CancellationRegistry cancellations;
    private final Outbox outbox;

    public JobControl(Pool pool, JobRepository jobs, JobEvents events, CancellationRegistry cancellations, Outbox outbox) {
        this.pool = pool;
        this.jobs = jobs;
        this.events = events;
        this.cancellations = cancellations;
        this.outbox = outbox;
    }

    public record Result(String jobId, String outcome) {
    }

    /** A queued job is cancelled at once; a running one is told to stop and stops within one batch. */
    public Uni<Result> cancel(String jobId, String by) {
        return pool.withTransaction(tx -> existing(tx, jobId).flatMap(job -> jobs.cancelQueued(tx, jobId).flatMap(queued -> {
            if (queued) {
                return events.publish(tx, jobId, JobEvents.Step.status(JobStatus.CANCELLED,
                        "Cancelled by " + by + " before it started")).replaceWith(new Result(jobId, "cancelled"));
            }
            return jobs.requestCancel(tx, jobId, by).map(requested -> {
                if (!requested) {
                    throw conflict("job " + jobId + " is " + job.status().wireName() + "; only queued or running jobs "
                            + "can be cancelled");
                }
                return new Result(jobId, "cancelling");
            });
        }))).invoke(result -> {
            // after the commit: a job running here stops at once; elsewhere its worker learns it at the next heartbeat
            if (result.outcome().equals("cancelling")) {
                cancellations.cancel(jobId);
            }
        });
    }

    /** A failed or cancelled job is queued again with fresh attempts; its queued update carries its request. */
    public Uni<Result> retry(String jobId, String by) {
        return pool.withTransaction(tx -> existing(tx, jobId).flatMap(job -> jobs.requeueForRetry(tx, jobId)
                .flatMap(requeued -> {
                    if (!requeued) {
                        throw conflict("job " + jobId + " is " + job.status().wireName() + "; only failed or cancelled jobs "
                                + "can be retried");
                    }
                    return events.publish(tx, jobId, JobEvents.Step.queued(job.request(), "Retried by " + by))
                            .replaceWith(new Result(jobId, "queued"));
                })));
    }

    public record CloneEdits(String priority, Boolean useUpm, Boolean trackMlflow, Integer datasetVersion) {
    }

    /** A new job like an old one, with edits; requested over training.requests like any other. */
    public Uni<Result> cloneJob(String jobId, CloneEdits edits, String by) {
        CloneEdits e = edits == null ? new CloneEdits(null, null, null, null) : edits;
        Priority priority = e.priority() == null ? null : field("priority", () -> Priority.fromWire(e.priority()));
        String newId = UUID.randomUUID().toString();
        return pool.withTransaction(tx -> existing(tx, jobId).flatMap(job -> {
            TrainingRequested request = field("datasetVersion", () -> new TrainingRequested(Contracts.SCHEMA_VERSION, newId,
                    job.datasetId(), e.datasetVersion() == null ? job.datasetVersion() : e.datasetVersion(), job.modelType(),
                    priority == null ? job.priority() : priority, e.useUpm() == null ? job.useUpm() : e.useUpm(),
                    e.trackMlflow() == null ? job.trackMlflow() : e.trackMlflow(), job.promptPreview(), by, Instant.now()));
            return outbox.append(tx, request, newId);
        })).replaceWith(new Result(newId, "requested"));
    }

    private Uni<JobRow> existing(SqlClient tx, String jobId) {
        return jobs.find(tx, jobId).map(job -> job.orElseThrow(() -> new ProblemException(404, null, "no job " + jobId)));
    }

    /** A value of the body the contracts refuse: 400 naming the field, with the contract's reason. */
    private static <T> T field(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidEventException ex) {
            throw new ProblemException(400, name, ex.getMessage());
        }
    }

    private static ProblemException conflict(String message) {
        return new ProblemException(409, null, message);
    }
}
