package io.thunderline.trainer.health;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.thunderline.trainer.client.CerebrosClient;
import io.thunderline.trainer.client.CerebrosUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.time.Duration;

/**
 * The "cerebros" check, registered only when CEREBROS_URL is set (with the embedded engine there is nothing to
 * check). A wellness check on purpose, like tracking's "mlflow": it shows in /q/health and /q/health/well (the page's
 * "Cerebros unavailable" banner reads it) but never in /q/health/ready or /q/health/live. The trainer must start,
 * accept requests and serve its REST API while Cerebros is down (jobs wait in the queue and run when it is back), so
 * an outage must neither keep it out of its load balancer (readiness) nor get it restarted (liveness).
 */
@ApplicationScoped
public class CerebrosHealthCheck implements AsyncHealthCheck {
    public static final String NAME = "cerebros";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final CerebrosClient client;
    private final HealthRegistry wellness;

    public CerebrosHealthCheck(CerebrosClient client, @Wellness HealthRegistry wellness) {
        this.client = client;
        this.wellness = wellness;
    }

    void register(@Observes StartupEvent event) {
        if (client.enabled()) {
            wellness.register(NAME, this);
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(() -> {
                    client.probe();
                    return HealthCheckResponse.named(NAME).up().withData("url", client.url()).build();
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(PROBE_TIMEOUT).failWith(() -> new java.util.concurrent.TimeoutException("no answer in "
                        + PROBE_TIMEOUT.toSeconds() + " s"))
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("url", client.url())
                        .withData("message", CerebrosUnavailable.MESSAGE)
                        .withData("error", CerebrosClient.describe(e)).build());
    }
}
