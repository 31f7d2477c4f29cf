package io.thunderline.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/** tracking-service with a timeout, retries and a circuit breaker; "Tracking unavailable" when it cannot answer. */
@ApplicationScoped
public class TrackingClient {
    static final String DOWN = "Tracking unavailable";

    private final TrackingApi api;

    public TrackingClient(@RestClient TrackingApi api) {
        this.api = api;
    }

    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "runDown", skipOn = Refused.class)
    public Uni<JsonNode> run(String jobId) {
        return Refused.mapRefusals(api.run(jobId));
    }

    Uni<JsonNode> runDown(String jobId, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(10_000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "compareDown", skipOn = Refused.class)
    public Uni<JsonNode> compare(List<String> jobIds) {
        return Refused.mapRefusals(api.compare(String.join(",", jobIds)));
    }

    Uni<JsonNode> compareDown(List<String> jobIds, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(30_000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "exportDown", skipOn = Refused.class)
    public Uni<String> export(String jobId, String format) {
        return Refused.mapRefusals(api.export(jobId, format));
    }

    Uni<String> exportDown(String jobId, String format, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5000)
    @Fallback(fallbackMethod = "healthDown")
    public Uni<HealthReport> health() {
        return Health.read(api.health());
    }

    Uni<HealthReport> healthDown(Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }
}
