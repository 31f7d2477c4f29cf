package io.thunderline.trainer.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.support.Outbox;
import io.thunderline.trainer.repository.JobRepository;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;

/** Numbers a job's updates, keeps their metrics and puts them in the outbox, all in the caller's transaction. */
@ApplicationScoped
public class JobEvents {
    private final JobRepository jobs;
    private final Outbox outbox;

    public JobEvents(JobRepository jobs, Outbox outbox) {
        this.jobs = jobs;
        this.outbox = outbox;
    }

    /** {@code phaseName} null: the phase's general name ({@link JobUpdate#phaseName(int)}). */
    public record Step(JobStatus status, Integer phase, Integer trial, Integer epoch, Map<String, Double> metrics,
                       Map<String, String> params, String message, String phaseName) {
        public Step(JobStatus status, Integer phase, Integer trial, Integer epoch, Map<String, Double> metrics,
                    Map<String, String> params, String message) {
            this(status, phase, trial, epoch, metrics, params, message, null);
        }

        public static Step status(JobStatus status, String message) {
            return new Step(status, null, null, null, Map.of(), Map.of(), message);
        }

        public static Step phase(int phase, String message) {
            return new Step(JobStatus.RUNNING, phase, null, null, Map.of(), Map.of(), message);
        }
    }

    public Uni<JobUpdate> publish(SqlClient tx, String jobId, Step step) {
        return jobs.nextSeq(tx, jobId).flatMap(seq -> {
            JobUpdate update = new JobUpdate(Contracts.SCHEMA_VERSION, jobId, seq, step.status(), step.phase(),
                    step.phase() == null ? null : step.phaseName() != null ? step.phaseName() : JobUpdate.phaseName(step.phase()),
                    step.trial(), step.epoch(),
                    step.metrics(), step.params(), step.message(), Instant.now());
            Uni<Void> phase = step.phase() == null ? Uni.createFrom().voidItem() : jobs.setPhase(tx, jobId, step.phase());
            Uni<Void> metrics = update.metrics().isEmpty() ? Uni.createFrom().voidItem()
                    : tx.preparedQuery("INSERT INTO job_metrics (job_id, seq, phase, trial, epoch, metrics) VALUES ($1,$2,$3,$4,$5,$6)")
                    .execute(Tuple.from(java.util.Arrays.asList(jobId, seq,
                            step.phase() == null ? null : step.phase().shortValue(), step.trial(), step.epoch(),
                            new JsonObject(Map.copyOf(update.metrics())))))
                    .replaceWithVoid();
            return phase.flatMap(v -> metrics).flatMap(v -> outbox.append(tx, update, jobId)).replaceWith(update);
        });
    }
}
