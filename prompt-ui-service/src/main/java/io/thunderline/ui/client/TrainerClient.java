package io.thunderline.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.Map;

/**
 * trainer-service with a timeout, retries (reads only) and a circuit breaker; "Trainer unavailable" when it cannot
 * answer. Cancel and retry are not retried by us: the trainer may have acted before the answer was lost, and a
 * person clicking again is the better judge.
 */
@ApplicationScoped
public class TrainerClient {
    static final String DOWN = "Trainer unavailable";

    private final TrainerApi api;

    public TrainerClient(@RestClient TrainerApi api) {
        this.api = api;
    }

    /** A filter of the admin dashboard; null fields are left out. */
    public record JobQuery(String status, String modelType, String createdBy, String from, String to, int limit,
                           int offset) {
    }

    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "jobsDown", skipOn = Refused.class)
    public Uni<JsonNode> jobs(JobQuery q) {
        return Refused.mapRefusals(api.jobs(q.status(), q.modelType(), q.createdBy(), q.from(), q.to(), q.limit(), q.offset()));
    }

    Uni<JsonNode> jobsDown(JobQuery q, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "statsDown", skipOn = Refused.class)
    public Uni<JsonNode> stats() {
        return Refused.mapRefusals(api.stats());
    }

    Uni<JsonNode> statsDown(Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "trialsDown", skipOn = Refused.class)
    public Uni<JsonNode> trials(String jobId) {
        return Refused.mapRefusals(api.trials(jobId));
    }

    Uni<JsonNode> trialsDown(String jobId, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "logsDown", skipOn = Refused.class)
    public Uni<JsonNode> logs(String jobId) {
        return Refused.mapRefusals(api.logs(jobId));
    }

    Uni<JsonNode> logsDown(String jobId, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(10_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "controlDown", skipOn = Refused.class)
    public Uni<String> cancel(String jobId, String user) {
        return Refused.mapRefusals(api.cancel(jobId, user));
    }

    @Timeout(10_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "controlDown", skipOn = Refused.class)
    public Uni<String> retry(String jobId, String user) {
        return Refused.mapRefusals(api.retry(jobId, user));
    }

    @Timeout(10_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "controlDown", skipOn = Refused.class)
    public Uni<String> runAgain(String jobId, String user) {
        return Refused.mapRefusals(api.cloneJob(jobId, user, java.util.Map.of()));
    }

    /**
     * A language model's streamed answer, event by event as the trainer sends it. No timeout or circuit breaker here
     * (they do not apply to a stream): the page's stop button, or a closed page, cancels the call.
     */
    public io.smallrye.mutiny.Multi<org.jboss.resteasy.reactive.client.SseEvent<String>> generate(String jobId,
                                                                                                   java.util.Map<String, Object> body) {
        return api.generate(jobId, body);
    }

    Uni<String> controlDown(String jobId, String user, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(5000)
    @Retry(maxRetries = 1, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "workersDown", skipOn = Refused.class)
    public Uni<JsonNode> workers() {
        return Refused.mapRefusals(api.workers());
    }

    Uni<JsonNode> workersDown(Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(30_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "predictDown", skipOn = Refused.class)
    public Uni<JsonNode> predict(String jobId, String text) {
        return Refused.mapRefusals(api.predict(jobId, Map.of("text", text)));
    }

    Uni<JsonNode> predictDown(String jobId, String text, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(60_000)
    @Retry(maxRetries = 1, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "modelDown", skipOn = Refused.class)
    public Uni<byte[]> modelFile(String jobId) {
        return Refused.mapRefusals(api.modelFile(jobId));
    }

    Uni<byte[]> modelDown(String jobId, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    /** /q/health; a DOWN answer (503) is still an answer: its checks say what is down. */
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
