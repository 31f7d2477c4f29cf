package io.thunderline.trainer.schedule;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.Contracts;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.Outbox;
import io.thunderline.support.client.ServiceUnavailable;
import io.thunderline.trainer.client.DatasetClient;
import io.thunderline.trainer.client.DatasetMissing;
import io.thunderline.trainer.repository.ScheduleRepository;
import io.thunderline.trainer.repository.ScheduleRow;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/**
 * Fires due schedules: each firing requests a training job (over training.requests, like the page and clone do) for
 * the dataset's newest version. Every instance looks every second; the due row is locked with SKIP LOCKED in the
 * transaction that writes the request to the outbox and moves next_run_at on, so one due time makes one request
 * however many instances race. The job id is derived from the schedule and the due time, so even a request sent twice
 * would make one job. Firings missed while no trainer ran collapse into one, at the next look.
 */
@ApplicationScoped
public class ScheduleRunner {
    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);
    private static final int BATCH = 20;

    private final Pool pool;
    private final ScheduleRepository schedules;
    private final DatasetClient datasets;
    private final Outbox outbox;

    public ScheduleRunner(Pool pool, ScheduleRepository schedules, DatasetClient datasets, Outbox outbox) {
        this.pool = pool;
        this.schedules = schedules;
        this.datasets = datasets;
        this.outbox = outbox;
    }

    @Scheduled(every = "${thunderline.trainer.schedules.check-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return fireDue().replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("firing due schedules failed: %s", e.toString()))
                .onFailure().recoverWithNull();
    }

    /** Fires what is due now; returns how many jobs were requested. Safe to call from any number of instances. */
    public Uni<Integer> fireDue() {
        return pool.withTransaction(tx -> schedules.lockDue(tx, BATCH).flatMap(due -> {
            Uni<Integer> count = Uni.createFrom().item(0);
            for (ScheduleRow s : due) {
                count = count.flatMap(n -> fire(tx, s).map(fired -> fired ? n + 1 : n));
            }
            return count;
        }));
    }

    static String jobId(ScheduleRow s, Instant due) {
        return "sched-" + s.id() + "-" + due.getEpochSecond();
    }

    private Uni<Boolean> fire(SqlClient tx, ScheduleRow s) {
        Instant due = s.nextRunAt();
        Instant now = Instant.now();
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(s.cron());
        } catch (IllegalArgumentException e) {
            return schedules.disable(tx, s.id(), "switched off: " + e.getMessage()).replaceWith(false);
        }
        Optional<Instant> next = cron.next(now.isAfter(due) ? now : due);
        return datasets.dataset(s.datasetId())
                .flatMap(info -> {
                    if (info.deletedAt() != null) {
                        return switchOff(tx, s, "dataset " + s.datasetId() + " was deleted");
                    }
                    String jobId = jobId(s, due);
                    int version = info.latest();
                    TrainingRequested request = new TrainingRequested(Contracts.SCHEMA_VERSION, jobId, s.datasetId(),
                            version, s.modelType(), s.priority(), s.useUpm(), s.trackMlflow(),
                            "Scheduled (" + s.cron() + "): " + (info.name() == null ? s.datasetId() : info.name()) + " v" + version,
                            s.createdBy(), now);
                    Uni<Void> moved = next.isPresent() ? schedules.fired(tx, s.id(), due, next.get(), jobId)
                            : schedules.fired(tx, s.id(), due, due, jobId)
                            .flatMap(v -> schedules.disable(tx, s.id(), "the cron has no later firing"));
                    LOG.infof("schedule %s fired for %s: job %s on dataset %s v%d", s.id(), due, jobId, s.datasetId(), version);
                    return outbox.append(tx, request, jobId).flatMap(v -> moved).replaceWith(true);
                })
                .onFailure(DatasetMissing.class).recoverWithUni(e -> switchOff(tx, s, "dataset " + s.datasetId()
                        + " no longer exists"))
                .onFailure().recoverWithUni(e -> {
                    // dataset-service is down or slow: the due time stays, the next look tries again
                    LOG.warnf("schedule %s could not fire: %s", s.id(), e.toString());
                    return schedules.failedInTx(tx, s.id(), "could not fire at " + due + ": dataset-service unavailable ("
                            + ServiceUnavailable.reason(e) + "); retrying").replaceWith(false);
                });
    }

    private Uni<Boolean> switchOff(SqlClient tx, ScheduleRow s, String why) {
        LOG.warnf("schedule %s switched off: %s", s.id(), why);
        return schedules.disable(tx, s.id(), why + "; the schedule was switched off").replaceWith(false);
    }
}
