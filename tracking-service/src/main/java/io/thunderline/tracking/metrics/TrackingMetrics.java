package io.thunderline.tracking.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thunderline.support.PolledGauges;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * tracking-service's meters at /q/metrics: the MLflow backlog, i.e. calls waiting in pending_mlflow_ops for MLflow
 * to come back (and the age of the oldest), plus the calls MLflow refused for good (kept for inspection). Refreshed
 * every {@code thunderline.metrics.refresh-interval} from the shared table: aggregate pods with max, not sum.
 */
@Startup
@ApplicationScoped
public class TrackingMetrics {
    static final String BACKLOG = "thunderline.mlflow.backlog";
    static final String OLDEST = "thunderline.mlflow.backlog.oldest";
    static final String REFUSED = "thunderline.mlflow.refused";

    private final Pool pool;
    private final PolledGauges gauges;

    public TrackingMetrics(MeterRegistry registry, Pool pool) {
        this.pool = pool;
        this.gauges = new PolledGauges(registry);
        gauges.register(BACKLOG, "MLflow calls waiting in pending_mlflow_ops", null);
        gauges.register(OLDEST, "age of the oldest waiting MLflow call (0 when none waits)", "seconds");
        gauges.register(REFUSED, "MLflow calls refused for good (4xx), kept in pending_mlflow_ops", null);
    }

    /** The pool closes on shutdown: no refresh (and no warning) from then on. */
    void stop(@Observes ShutdownEvent event) {
        gauges.stop();
    }

    @Scheduled(every = "${thunderline.metrics.refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return gauges.refresh("the MLflow backlog gauges", () -> pool.query("""
                        SELECT count(*) FILTER (WHERE failed_at IS NULL) AS waiting,
                               count(*) FILTER (WHERE failed_at IS NOT NULL) AS refused,
                               coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE failed_at IS NULL)), 0)::float8
                                 AS oldest
                        FROM pending_mlflow_ops""")
                .execute()
                .invoke(rows -> {
                    Row r = rows.iterator().next();
                    gauges.set(BACKLOG, r.getLong("waiting"));
                    gauges.set(OLDEST, r.getDouble("oldest"));
                    gauges.set(REFUSED, r.getLong("refused"));
                }));
    }
}
