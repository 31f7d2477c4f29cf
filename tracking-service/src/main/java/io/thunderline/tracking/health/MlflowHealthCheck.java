package io.thunderline.tracking.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.thunderline.tracking.client.MlflowProbe;
import io.thunderline.tracking.config.MlflowConfig;
import io.thunderline.tracking.repository.PendingOpRepository;
import io.thunderline.tracking.service.MlflowAvailability;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The "mlflow" check, a wellness check: it shows in GET /q/health/well and in GET /q/health (the page's badge reads
 * it), never in /q/health/ready or /q/health/live. Not a readiness check on purpose: tracking-service works without
 * MLflow (operations wait in PostgreSQL and catch up), so MLflow being down must not take the service out of its load
 * balancer, let alone get it restarted as a failed liveness check would. DOWN says "MLflow unavailable", with how much
 * is waiting.
 */
@Wellness
@ApplicationScoped
public class MlflowHealthCheck implements AsyncHealthCheck {
    public static final String UNAVAILABLE = "MLflow unavailable";

    private final MlflowProbe probe;
    private final MlflowAvailability availability;
    private final PendingOpRepository ops;
    private final MlflowConfig config;

    public MlflowHealthCheck(MlflowProbe probe, MlflowAvailability availability, PendingOpRepository ops,
                             MlflowConfig config) {
        this.probe = probe;
        this.availability = availability;
        this.ops = ops;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        Uni<PendingOpRepository.Backlog> backlog = ops.backlog().onFailure().recoverWithNull();
        return Uni.combine().all().unis(probe.healthy(), backlog).asTuple().map(t -> {
            boolean up = t.getItem1() && !availability.failing();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("mlflow").status(up)
                    .withData("url", config.apiBase())
                    .withData("uiUrl", config.uiBase());
            if (!up) {
                b.withData("message", UNAVAILABLE);
                if (availability.lastError() != null) {
                    b.withData("lastError", availability.lastError());
                }
            }
            PendingOpRepository.Backlog pending = t.getItem2();
            if (pending != null) {
                b.withData("pendingOperations", pending.waiting()).withData("failedOperations", pending.failed());
            }
            return b.build();
        });
    }
}
