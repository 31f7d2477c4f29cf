package io.thunderline.trainer.run;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.thunderline.contracts.ModelType;
import io.thunderline.infra.ThunderlineInfraResource;
import io.thunderline.support.OutboxRelay;
import io.thunderline.trainer.DatasetFixture;
import io.thunderline.trainer.events.JobEvents;
import io.thunderline.trainer.events.JobLogs;
import io.thunderline.trainer.queue.JobQueue;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.TrialRepository;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 21, integrity of job state: an attempt that lost its claim (its job was rescued and claimed again) publishes
 * nothing more, and an attempt interrupted by a database outage goes back to the queue without using up an attempt.
 * The jobs here are written as already running by workers that do not exist, so no real worker takes them.
 */
@QuarkusTest
@QuarkusTestResource(ThunderlineInfraResource.class)
@QuarkusTestResource(DatasetFixture.class)
class AttemptClaimIT {
    @Inject
    Pool pool;
    @Inject
    JobRepository jobs;
    @Inject
    JobEvents events;
    @Inject
    JobLogs logs;
    @Inject
    TrialRepository trials;
    @Inject
    JobQueue queue;
    @Inject
    OutboxRelay relay;
    @Inject
    Vertx vertx;

    @Test
    void anAttemptThatLostItsClaimPublishesNothingMore() {
        // the relay deletes rows once Kafka has them: paused, the outbox shows every event written meanwhile
        relay.stop();
        try {
            lostClaimPublishesNothingMore();
        } finally {
            relay.start(vertx);
        }
    }

    private void lostClaimPublishesNothingMore() {
        String jobId = runningJob("ghost-a#0", 1);
        JobProgress first = progress(jobId, "ghost-a#0", 1);
        first.onMetrics(null, 1, Map.of("loss", 0.5));
        assertThat(lastSeq(jobId)).isEqualTo(1);
        long outboxBefore = outboxRows(jobId);

        // the heartbeat expired, the job was rescued and another worker runs attempt 2
        pool.preparedQuery("UPDATE jobs SET worker_id = 'ghost-b#0', attempts = 2 WHERE id = $1").execute(Tuple.of(jobId))
                .await().indefinitely();

        assertThatThrownBy(() -> first.onMetrics(null, 2, Map.of("loss", 0.4))).isInstanceOf(ClaimLost.class)
                .hasMessageContaining("attempt 1 of job " + jobId);
        assertThatThrownBy(() -> first.log("INFO", "late line")).isInstanceOf(ClaimLost.class);
        assertThat(lastSeq(jobId)).isEqualTo(1);
        assertThat(outboxRows(jobId)).isEqualTo(outboxBefore);

        // the attempt holding the job reports as usual
        progress(jobId, "ghost-b#0", 2).onMetrics(null, 1, Map.of("loss", 0.45));
        assertThat(lastSeq(jobId)).isEqualTo(2);
        assertThat(outboxRows(jobId)).isEqualTo(outboxBefore + 1);
        finish(jobId);
    }

    @Test
    void anAttemptInterruptedByTheDatabaseGoesBackToTheQueueWithoutUsingUpAnAttempt() {
        String jobId = runningJob("ghost-c#0", 2);
        JobRow job = jobs.find(pool, jobId).await().indefinitely().orElseThrow();
        queue.setPaused(true).await().indefinitely(); // so that no real worker claims the requeued job while we look
        try {
            // another worker's word does not count: only the holder requeues
            assertThat(queue.interrupted(job, "ghost-d#0", "database blip").await().indefinitely()).isFalse();
            assertThat(queue.interrupted(job, "ghost-c#0", "database blip").await().indefinitely()).isTrue();
            JobRow requeued = jobs.find(pool, jobId).await().indefinitely().orElseThrow();
            assertThat(requeued.status()).isEqualTo(io.thunderline.contracts.JobStatus.QUEUED);
            assertThat(requeued.attempts()).isEqualTo(1);
            finish(jobId);
        } finally {
            queue.setPaused(false).await().indefinitely();
        }
    }

    private String runningJob(String workerId, int attempts) {
        String jobId = "claim-" + UUID.randomUUID();
        String dataset = "ds-" + UUID.randomUUID();
        DatasetFixture.CSV.put(dataset, io.thunderline.trainer.Prompts.sentimentCsv());
        pool.preparedQuery("""
                        INSERT INTO jobs (id, dataset_id, dataset_version, model_type, priority, status, use_upm, track_mlflow,
                                          prompt_preview, created_by, created_at, max_attempts, last_seq, worker_id, attempts,
                                          heartbeat_at, started_at)
                        VALUES ($1, $2, 1, $3, 1, 'running', false, false, 'x -> y', 'it-user', now(), 3, 0, $4, $5, now(), now())""")
                .execute(Tuple.of(jobId, dataset, ModelType.SENTIMENT_ANALYSIS.wireName(), workerId, attempts))
                .await().indefinitely();
        return jobId;
    }

    private JobProgress progress(String jobId, String workerId, int attempt) {
        return new JobProgress(new JobProgress.Attempt(jobId, workerId, attempt), ModelType.SENTIMENT_ANALYSIS, pool, jobs,
                events, logs, trials, new SimpleMeterRegistry().counter("epochs"));
    }

    private long lastSeq(String jobId) {
        return pool.preparedQuery("SELECT last_seq FROM jobs WHERE id = $1").execute(Tuple.of(jobId)).await().indefinitely()
                .iterator().next().getLong(0);
    }

    private long outboxRows(String jobId) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE event_key = $1").execute(Tuple.of(jobId))
                .await().indefinitely().iterator().next().getLong(0);
    }

    /** Ends the test's job so that no worker picks it up later. */
    private void finish(String jobId) {
        pool.preparedQuery("UPDATE jobs SET status = 'failed', worker_id = NULL, finished_at = now() WHERE id = $1")
                .execute(Tuple.of(jobId)).await().indefinitely();
    }
}
