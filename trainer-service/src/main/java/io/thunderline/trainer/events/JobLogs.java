package io.thunderline.trainer.events;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobLog;
import io.thunderline.support.Outbox;
import io.thunderline.trainer.repository.JobUpdateRepository;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/** A job's log lines: numbered, stored, and streamed to the page over training.job-logs, in the caller's transaction. */
@ApplicationScoped
public class JobLogs {
    private final JobUpdateRepository updates;
    private final Outbox outbox;

    public JobLogs(JobUpdateRepository updates, Outbox outbox) {
        this.updates = updates;
        this.outbox = outbox;
    }

    public Uni<Void> append(SqlClient tx, String jobId, String level, String line) {
        return updates.nextLogSeq(tx, jobId).flatMap(seq -> updates.addLog(tx, jobId, seq, level, line)
                .flatMap(v -> outbox.append(tx, new JobLog(Contracts.SCHEMA_VERSION, jobId, seq, level, line, Instant.now()),
                        jobId)))
                .replaceWithVoid();
    }
}
