package io.thunderline.tracking.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.tracking.client.MlflowProbe;
import io.thunderline.tracking.config.MlflowConfig;
import io.thunderline.tracking.health.MlflowHealthCheck;
import io.thunderline.tracking.repository.PendingOpRepository;
import io.thunderline.tracking.service.MlflowAvailability;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

/**
 * GET /mlflow/status: the same facts as the "mlflow" health check, always with 200, for pages that want JSON
 * rather than a health response: {available, message, url, uiUrl, pendingOperations, failedOperations,
 * oldestPendingSeconds, lastError}.
 */
@Path("/mlflow/status")
@Produces(MediaType.APPLICATION_JSON)
public class MlflowStatusResource {
    private final MlflowProbe probe;
    private final MlflowAvailability availability;
    private final PendingOpRepository ops;
    private final MlflowConfig config;

    public MlflowStatusResource(MlflowProbe probe, MlflowAvailability availability, PendingOpRepository ops,
                                MlflowConfig config) {
        this.probe = probe;
        this.availability = availability;
        this.ops = ops;
        this.config = config;
    }

    public record Status(boolean available, String message, String url, String uiUrl, long pendingOperations,
                         long failedOperations, Double oldestPendingSeconds, String lastError) {
    }

    @GET
    public Uni<Status> status(@Context SecurityContext security) {
        TrackingAccess.person(Caller.of(security));
        return Uni.combine().all().unis(probe.healthy(), ops.backlog()).asTuple().map(t -> {
            boolean up = t.getItem1() && !availability.failing();
            PendingOpRepository.Backlog b = t.getItem2();
            return new Status(up, up ? "MLflow available" : MlflowHealthCheck.UNAVAILABLE, config.apiBase(),
                    config.uiBase(), b.waiting(), b.failed(), b.oldestWaitingSeconds(),
                    up ? null : availability.lastError());
        });
    }
}
