package io.thunderline.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobStatus;
import io.thunderline.contracts.ModelType;
import io.thunderline.contracts.Priority;
import io.thunderline.support.PolledGauges;
import io.thunderline.trainer.queue.JobQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.EnumMap;
import java.util.Map;

/**
 * trainer-service's meters at /q/metrics: jobs by status and queued jobs by priority (from the jobs table, every
 * {@code thunderline.metrics.refresh-interval}; every pod reports the same shared queue, so aggregate with max, not
 * sum), and finished epochs per model type (a counter of this pod: {@code rate(thunderline_epochs_total[1m])} is
 * epochs per second). Consumer lag comes from the Kafka client binder (kafka_consumer_fetch_manager_records_lag*).
 */
@Startup
@ApplicationScoped
public class TrainerMetrics {
    static final String JOBS = "thunderline.jobs";
    static final String QUEUE_DEPTH = "thunderline.queue.depth";
    static final String EPOCHS = "thunderline.epochs";

    private final JobQueries queries;
    private final PolledGauges gauges;
    private final Map<ModelType, Counter> epochs = new EnumMap<>(ModelType.class);

    public TrainerMetrics(MeterRegistry registry, JobQueries queries) {
        this.queries = queries;
        this.gauges = new PolledGauges(registry);
        for (JobStatus status : JobStatus.values()) {
            gauges.register(JOBS, "jobs in the queue's table by status", null, "status", status.wireName());
        }
        for (Priority priority : Priority.values()) {
            gauges.register(QUEUE_DEPTH, "queued jobs waiting for a trainer, by priority", null,
                    "priority", priority.wireName());
        }
        for (ModelType type : ModelType.values()) {
            epochs.put(type, Counter.builder(EPOCHS).description("training epochs finished by this pod")
                    .tag("model_type", type.wireName()).register(registry));
        }
    }

    /** The counter to increment when an epoch of a {@code type} job finishes. */
    public Counter epochs(ModelType type) {
        return epochs.get(type);
    }

    /** The pool closes on shutdown: no refresh (and no warning) from then on. */
    void stop(@Observes ShutdownEvent event) {
        gauges.stop();
    }

    @Scheduled(every = "${thunderline.metrics.refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return gauges.refresh("the job gauges", () -> queries.stats()
                .invoke(s -> {
                    s.byStatus().forEach((status, n) -> gauges.set(JOBS, n, "status", status));
                    s.queuedByPriority().forEach((priority, n) -> gauges.set(QUEUE_DEPTH, n, "priority", priority));
                }));
    }
}
