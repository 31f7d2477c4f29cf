package io.thunderline.ui.client;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.UpmStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** upm-service with a timeout, a retry and a circuit breaker; "UPM unavailable" when it cannot answer. */
@ApplicationScoped
public class UpmClient {
    static final String DOWN = "UPM unavailable";

    private final UpmApi api;

    public UpmClient(@RestClient UpmApi api) {
        this.api = api;
    }

    @Timeout(3000)
    @Retry(maxRetries = 1, delay = 200)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5000)
    @Fallback(fallbackMethod = "statusDown")
    public Uni<UpmStatus> status() {
        return api.status();
    }

    Uni<UpmStatus> statusDown(Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }
}
