package io.thunderline.trainer.events;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.Outbox;
import io.thunderline.trainer.repository.JobUpdateRepository;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;

/** Numbers a job's updates, keeps their metrics and puts them in the outbox, all in the caller's transaction. */
@ApplicationScoped
public class JobEvents {
    private final JobUpdateRepository updates;
    private final Outbox outbox;

    public JobEvents(JobUpdateRepository updates, Outbox outbox) {
        this.updates = updates;
        this.outbox = outbox;
    }

    /**
     * One update before it is numbered. {@code phaseName} null: the phase's general name ({@link JobUpdate#phaseName(int)}).
     * {@code request} is set on queued updates, {@code modelUrl} on the completed one, so consumers need not ask the trainer.
     */
    public record Step(JobStatus status, Integer phase, Integer trial, Integer epoch, Map<String, Double> metrics,
                       Map<String, String> params, String message, String phaseName, TrainingRequested request,
                       String modelUrl) {
        public Step(JobStatus status, Integer phase, Integer trial, Integer epoch, Map<String, Double> metrics,
                    Map<String, String> params, String message) {
            this(status, phase, trial, epoch, metrics, params, message, null, null, null);
        }

        public static Step status(JobStatus status, String message) {
            return new Step(status, null, null, null, Map.of(), Map.of(), message);
        }

        /** The job is (again) waiting in the queue; the update carries the request it was made from. */
        public static Step queued(TrainingRequested request, String message) {
            return new Step(JobStatus.QUEUED, null, null, null, Map.of(), Map.of(), message, null, request, null);
        }
    }

    public Uni<JobUpdate> publish(SqlClient tx, String jobId, Step step) {
        return updates.nextSeq(tx, jobId).flatMap(seq -> {
            JobUpdate update = new JobUpdate(Contracts.SCHEMA_VERSION, jobId, seq, step.status(), step.phase(),
                    step.phase() == null ? null : step.phaseName() != null ? step.phaseName() : JobUpdate.phaseName(step.phase()),
                    step.trial(), step.epoch(), step.metrics(), step.params(), step.message(), Instant.now(),
                    step.request(), step.modelUrl());
            Uni<Void> phase = step.phase() == null ? Uni.createFrom().voidItem() : updates.setPhase(tx, jobId, step.phase());
            Uni<Void> metrics = update.metrics().isEmpty() ? Uni.createFrom().voidItem()
                    : updates.addMetrics(tx, jobId, seq, step.phase(), step.trial(), step.epoch(), update.metrics());
            return phase.flatMap(v -> metrics).flatMap(v -> outbox.append(tx, update, jobId)).replaceWith(update);
        });
    }
}
