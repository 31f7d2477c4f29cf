package io.thunderline.trainer.queue;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.InvalidEventException;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.Outbox;
import io.thunderline.support.identity.Caller;
import io.thunderline.support.identity.NotYours;
import io.thunderline.support.problem.ProblemException;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/** What a person does to a job: cancel, retry (as a new job), clone with edits. Each is one transaction. */
@ApplicationScoped
public class JobControl {
    private static final Logger LOG = Logger.getLogger(JobControl.class);
    private final Pool pool;
    private final JobRepository jobs;
    private final CancellationRegistry cancellations;
    private final Outbox outbox;
    private final JobQueue queue;

    public JobControl(Pool pool, JobRepository jobs, CancellationRegistry cancellations, Outbox outbox, JobQueue queue) {
        this.pool = pool;
        this.jobs = jobs;
        this.cancellations = cancellations;
        this.outbox = outbox;
        this.queue = queue;
    }

    public record Result(String jobId, String outcome) {
    }

    /**
     * A queued job is cancelled at once; a running one is told to stop and stops within one batch. Owner-or-admin: a
     * person's cancel of another person's job is a 404, as if it did not exist. With {@code beforeArrival}, a job whose
     * request has not reached this trainer yet (the page lets a person cancel the moment it is submitted) is cancelled
     * when it arrives ("cancel-on-arrival"), if the caller is its owner or an admin; without it, an unknown job is a 404.
     */
    public Uni<Result> cancel(String jobId, Caller caller, boolean beforeArrival) {
        String by = caller.subject();
        return pool.withTransaction(tx -> jobs.lock(tx, jobId).flatMap(locked -> jobs.find(tx, jobId)).flatMap(found -> {
            if (found.isEmpty() && beforeArrival) {
                return jobs.cancelBeforeArrival(tx, jobId, by, caller.admin())
                        .replaceWith(new Result(jobId, "cancel-on-arrival"));
            }
            JobRow job = found.filter(j -> caller.maySee(j.createdBy())).orElseThrow(() -> caller.admin()
                    ? new ProblemException(404, "id", "no job " + jobId) : new NotYours("id", "job", jobId));
            return queue.cancelWhileQueued(tx, jobId, by).flatMap(queued -> {
                if (queued) {
                    return Uni.createFrom().item(new Result(jobId, "cancelled"));
                }
                return jobs.requestCancel(tx, jobId, by).map(requested -> {
                    if (!requested) {
                        throw conflict("job " + jobId + " is " + job.status().wireName() + "; only queued or running "
                                + "jobs can be cancelled");
                    }
                    return new Result(jobId, "cancelling");
                });
            });
        })).invoke(result -> {
            LOG.infof("cancel of job %s by %s: %s", jobId, by, result.outcome());
            // after the commit: a job running here stops at once; elsewhere its worker learns it at the next heartbeat
            if (result.outcome().equals("cancelling")) {
                cancellations.cancel(jobId);
            }
        });
    }

    /**
     * A failed or cancelled job is tried again as a new job, because a finished job's state is final (consumers refuse
     * updates after a job's end): same dataset version and settings, owned by the job's owner, requested over
     * training.requests like any other.
     */
    public Uni<Result> retry(String jobId, String by) {
        String newId = UUID.randomUUID().toString();
        return pool.withTransaction(tx -> existing(tx, jobId).flatMap(job -> {
            if (job.status() != JobStatus.FAILED && job.status() != JobStatus.CANCELLED) {
                throw conflict("job " + jobId + " is " + job.status().wireName() + "; only failed or cancelled jobs can be "
                        + "retried (a completed one is run again as a clone)");
            }
            return outbox.append(tx, requestLike(job, newId, NO_EDITS, null, job.createdBy() == null ? by : job.createdBy()),
                    newId);
        })).replaceWith(new Result(newId, "requested"));
    }

    public record CloneEdits(String priority, Boolean useUpm, Boolean trackMlflow, Integer datasetVersion) {
    }

    private static final CloneEdits NO_EDITS = new CloneEdits(null, null, null, null);

    /** A new job like an old one, with edits; requested over training.requests like any other. */
    public Uni<Result> cloneJob(String jobId, CloneEdits edits, String by) {
        CloneEdits e = edits == null ? NO_EDITS : edits;
        // a bad value is refused before the job is looked up
        Priority priority = e.priority() == null ? null : field("priority", () -> Priority.fromWire(e.priority()));
        String newId = UUID.randomUUID().toString();
        return pool.withTransaction(tx -> existing(tx, jobId)
                        .flatMap(job -> outbox.append(tx, requestLike(job, newId, e, priority, by), newId)))
                .replaceWith(new Result(newId, "requested"));
    }

    /**
     * The request of a new job {@code newId} like {@code job}, with {@code edits} ({@code priority}: the edit's, parsed,
     * or null to keep the job's); 400 naming a field they break.
     */
    private static TrainingRequested requestLike(JobRow job, String newId, CloneEdits edits, Priority priority, String owner) {
        return field("datasetVersion", () -> new TrainingRequested(Contracts.SCHEMA_VERSION, newId, job.datasetId(),
                edits.datasetVersion() == null ? job.datasetVersion() : edits.datasetVersion(), job.modelType(),
                priority == null ? job.priority() : priority,
                edits.useUpm() == null ? job.useUpm() : edits.useUpm(),
                edits.trackMlflow() == null ? job.trackMlflow() : edits.trackMlflow(), job.promptPreview(), owner, Instant.now()));
    }

    private Uni<JobRow> existing(SqlClient tx, String jobId) {
        return jobs.find(tx, jobId).map(job -> job.orElseThrow(() -> new ProblemException(404, "id", "no job " + jobId)));
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
