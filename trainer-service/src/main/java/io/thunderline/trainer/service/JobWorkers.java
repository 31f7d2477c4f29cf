package io.thunderline.trainer.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.config.TrainerConfig;
import io.thunderline.trainer.repository.JobRepository;
import io.thunderline.trainer.repository.JobRow;
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
    private final JobRepository jobs;
    private final TrainingRun run;
    private final TrainerConfig config;
    private final String instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, String> runningJobs = new ConcurrentHashMap<>();
    private ExecutorService threads;
    private volatile boolean stopping;

    public JobWorkers(JobQueue queue, JobRepository jobs, TrainingRun run, TrainerConfig config) {
        this.queue = queue;
        this.jobs = jobs;
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
            threads.submit(() -> loop(workerId));
        }
        LOG.infof("started %d training workers as %s", n, instanceId);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
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
        while (!stopping) {
            try {
                Optional<JobRow> job = queue.claim(workerId).await().atMost(Duration.ofSeconds(30));
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
                LOG.errorf(e, "worker %s: %s", workerId, e.getMessage());
                sleepQuietly(poll);
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

    @Scheduled(every = "${thunderline.trainer.queue.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> heartbeat() {
        Map<String, List<String>> byWorker = new java.util.HashMap<>();
        runningJobs.forEach((job, worker) -> byWorker.computeIfAbsent(worker, w -> new ArrayList<>()).add(job));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var entry : byWorker.entrySet()) {
            chain = chain.flatMap(v -> jobs.heartbeat(entry.getKey(), entry.getValue()).replaceWithVoid());
        }
        return chain.onFailure().invoke(e -> LOG.warnf("heartbeat failed: %s", e.toString())).onFailure().recoverWithNull();
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
