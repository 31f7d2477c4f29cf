package io.thunderline.trainer.run;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.support.OutageBackoff;
import io.thunderline.support.problem.DatabaseOutage;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.queue.CancellationRegistry;
import io.thunderline.trainer.queue.JobQueue;
import io.thunderline.trainer.repository.JobRow;
import io.thunderline.trainer.repository.WorkerRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The worker threads of this instance: each claims a job, runs it, and looks again. Training is CPU work, so it runs
 * on these threads, never on the event loop. Heartbeats of running jobs and the rescue of dead workers' jobs run on
 * the scheduler.
 */
@ApplicationScoped
public class JobWorkers {
    private static final Logger LOG = Logger.getLogger(JobWorkers.class);

    private final JobQueue queue;
    private final Pool pool;
    private final WorkerRepository workers;
    private final TrainingRun run;
    private final TrainerConfig config;
    private final String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> runningJobs = new ConcurrentHashMap<>();
    private final List<String> workerIds = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CancellationRegistry cancellations;
    private ExecutorService threads;
    private final java.util.concurrent.ScheduledExecutorService heartbeats =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "trainer-heartbeat");
                t.setDaemon(true);
                return t;
            });
    private volatile boolean stopping;

    public JobWorkers(JobQueue queue, Pool pool, WorkerRepository workers, TrainingRun run, TrainerConfig config,
                      CancellationRegistry cancellations) {
        this.cancellations = cancellations;
        this.queue = queue;
        this.pool = pool;
        this.workers = workers;
        this.run = run;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        int n = config.queue().concurrency();
        threads = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r);
            t.setName("trainer-worker-" + t.getId());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < n; i++) {
            String workerId = instanceId + "#" + i;
            workerIds.add(workerId);
            threads.submit(() -> loop(workerId));
        }
        long every = config.queue().heartbeatInterval().toMillis();
        heartbeats.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
        LOG.infof("started %d training workers as %s", n, instanceId);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        heartbeats.shutdownNow();
        try {
            pool.withTransaction(tx -> workers.removeWorkers(tx, instanceId)).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("could not remove worker rows: %s", e);
        }
        if (threads != null) {
            threads.shutdownNow();
            try {
                threads.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop(String workerId) {
        Duration poll = config.queue().pollInterval();
        OutageBackoff outage = new OutageBackoff(LOG, "worker " + workerId + ": claiming a job", Math.max(1, poll.toMillis()),
                Math.max(poll.toMillis(), 5_000));
        while (!stopping) {
            try {
                Optional<JobRow> job = queue.claim(workerId).await().atMost(Duration.ofSeconds(30));
                outage.succeeded();
                if (job.isEmpty()) {
                    Thread.sleep(poll.toMillis());
                    continue;
                }
                runningJobs.put(job.get().id(), workerId);
                try {
                    run.execute(job.get(), workerId);
                } finally {
                    runningJobs.remove(job.get().id());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                if (!DatabaseOutage.is(e)) {
                    LOG.errorf(e, "worker %s: %s", workerId, e.getMessage());
                    sleepQuietly(poll);
                    continue;
                }
                // a database outage: one warning, then claims again at a growing pause (up to 5 s), not a trace per poll
                sleepQuietly(Duration.ofMillis(outage.failed(e)));
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Every worker proves it is alive; a running job's worker also learns whether someone asked to cancel it. Runs on
     * its own thread so that nothing else (a busy scheduler, a slow query elsewhere) can delay a heartbeat.
     */
    void beat() {
        Map<String, String> jobByWorker = new java.util.HashMap<>();
        runningJobs.forEach((job, worker) -> jobByWorker.put(worker, job));
        for (String workerId : workerIds) {
            try {
                List<String> cancelled = pool.withTransaction(tx -> workers.heartbeat(tx, workerId, instanceId,
                        jobByWorker.get(workerId))).await().atMost(Duration.ofSeconds(10));
                cancelled.forEach(cancellations::cancel);
            } catch (RuntimeException e) {
                LOG.warnf("heartbeat of %s failed: %s", workerId, e.toString());
            }
        }
    }

    @Scheduled(every = "${thunderline.trainer.queue.rescue-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rescue() {
        return queue.rescueStale().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("rescue of stale jobs failed: %s", e.toString())).onFailure().recoverWithNull();
    }

    public String instanceId() {
        return instanceId;
    }

    public Map<String, String> runningJobs() {
        return Map.copyOf(runningJobs);
    }
}
