package io.thunderline.bench.queue;

import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.Outbox;
import io.thunderline.support.OutboxRelay;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.JobUpdateRepository;
import io.thunderline.trainer.repository.ModelRepository;
import io.thunderline.trainer.repository.RemoteJobRepository;
import io.thunderline.trainer.repository.WorkerRepository;
import io.thunderline.trainer.events.JobEvents;
import io.thunderline.trainer.events.JobLogs;
import io.thunderline.trainer.queue.JobQueue;
import io.vertx.mutiny.sqlclient.Pool;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * trainer-service's queue, through its own classes: JobQueue.enqueue (job row + "queued" update in the outbox, one
 * statement in a transaction, as the Kafka consumer does), JobQueue.claim (up to {@code batch} jobs: SKIP LOCKED claim
 * + "running" updates, one statement) and JobQueue.finish (status + "completed" updates of the claimed jobs, one
 * statement). The outbox relay is not running: rows are written as in the service, not published.
 */
final class TrainerQueue implements QueueUnderTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final Pool pool;
    private final JobQueue queue;
    private final JobRepository jobs;
    private final int batch;

    TrainerQueue(Pool pool, int batch) {
        this.pool = pool;
        this.batch = batch;
        this.jobs = new JobRepository();
        Outbox outbox = new Outbox(new OutboxRelay(pool, null, null), new io.thunderline.support.TransactionTraces());
        JobUpdateRepository updates = new JobUpdateRepository();
        this.queue = new JobQueue(pool, jobs, new WorkerRepository(), new RemoteJobRepository(), new ModelRepository(),
                new JobEvents(updates, outbox), new JobLogs(updates, outbox), updates, outbox, config());
    }

    @Override
    public String name() {
        return batch == 1 ? "trainer-service JobQueue" : "trainer-service JobQueue, batches of " + batch;
    }

    @Override
    public void reset() {
        pool.query("TRUNCATE jobs, job_metrics, trials, job_logs, models, outbox CASCADE").execute().await().atMost(WAIT);
        pool.query("UPDATE queue_control SET paused = false").execute().await().atMost(WAIT);
    }

    @Override
    public void enqueue(String id, int priority) {
        TrainingRequested request = new TrainingRequested(Contracts.SCHEMA_VERSION, id, "bench-dataset", 1,
                ModelType.SENTIMENT_ANALYSIS, Priority.values()[priority], false, false, "bench", "bench", Instant.now());
        pool.withTransaction(tx -> queue.enqueue(tx, request)).await().atMost(WAIT);
    }

    @Override
    public List<?> claim(String workerId) {
        return queue.claim(workerId, batch).await().atMost(WAIT);
    }

    @Override
    public void complete(List<?> claimed, String workerId) {
        List<String> ids = claimed.stream().map(job -> ((JobRow) job).id()).toList();
        List<String> finished = queue.finish(ids, workerId, JobStatus.COMPLETED, "done").await().atMost(WAIT);
        if (finished.size() != ids.size()) {
            throw new IllegalStateException("jobs " + ids + " were not all held by " + workerId + ": finished " + finished);
        }
    }

    @Override
    public void verify(int expected) {
        long completed = pool.query("SELECT count(*) FROM jobs WHERE status = 'completed' AND attempts = 1").execute()
                .await().atMost(WAIT).iterator().next().getLong(0);
        long events = pool.query("SELECT count(*) FROM outbox").execute().await().atMost(WAIT).iterator().next().getLong(0);
        if (completed != expected || events != 3L * expected) {
            throw new IllegalStateException("expected " + expected + " jobs completed once with 3 updates each, got "
                    + completed + " completed and " + events + " updates");
        }
    }

    /** The queue settings JobQueue reads, with the service's defaults. */
    private static TrainerConfig config() {
        TrainerConfig.Queue queue = (TrainerConfig.Queue) Proxy.newProxyInstance(TrainerConfig.class.getClassLoader(),
                new Class<?>[]{TrainerConfig.Queue.class}, (p, m, a) -> switch (m.getName()) {
                    case "maxAttempts" -> 3;
                    case "retryBackoff" -> Duration.ofSeconds(2);
                    case "heartbeatTimeout" -> Duration.ofSeconds(30);
                    case "toString" -> "bench queue settings";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (TrainerConfig) Proxy.newProxyInstance(TrainerConfig.class.getClassLoader(), new Class<?>[]{TrainerConfig.class},
                (p, m, a) -> switch (m.getName()) {
                    case "queue" -> queue;
                    case "toString" -> "bench config";
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
