package io.thunderline.trainer.service;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobLog;
import io.thunderline.support.Outbox;
import io.thunderline.trainer.repository.JobRepository;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** A job's log lines: stored, and streamed to the page over training.job-logs. */
@ApplicationScoped
public class JobLogs {
    private final JobRepository jobs;
    private final Outbox outbox;

    public JobLogs(JobRepository jobs, Outbox outbox) {
        this.jobs = jobs;
        this.outbox = outbox;
    }

    public Uni<Void> append(String jobId, String level, String line) {
        return jobs.pool().withTransaction(tx -> tx
                .preparedQuery("UPDATE jobs SET last_log_seq = last_log_seq + 1 WHERE id = $1 RETURNING last_log_seq")
                .execute(Tuple.of(jobId))
                .flatMap(rows -> {
                    long seq = rows.iterator().next().getLong(0);
                    JobLog log = new JobLog(Contracts.SCHEMA_VERSION, jobId, seq, level, line, Instant.now());
                    return tx.preparedQuery("INSERT INTO job_logs (job_id, seq, level, line) VALUES ($1, $2, $3, $4)")
                            .execute(Tuple.of(jobId, seq, level, line))
                            .flatMap(v -> outbox.append(tx, log, jobId));
                })).replaceWithVoid();
    }
}
