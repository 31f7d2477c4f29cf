package io.thunderline.ui.client;

import io.smallrye.mutiny.Uni;
import io.thunderline.support.client.FaultPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.List;

/** tracking-service behind its one fault-tolerance policy (every call is a read); "Tracking unavailable". */
@ApplicationScoped
public class TrackingClient {
    static final FaultPolicy.Settings POLICY = new FaultPolicy.Settings("Tracking unavailable",
            Duration.ofSeconds(5), 2, Duration.ofMillis(200), 8, 0.75, Duration.ofSeconds(5));
    /** Several jobs' metrics, every step. */
    static final Duration COMPARE = Duration.ofSeconds(10);
    /** An export holds every step of every metric. */
    static final Duration EXPORT = Duration.ofSeconds(30);

    private final TrackingApi api;
    private final FaultPolicy policy = new FaultPolicy("tracking-service", POLICY);

    public TrackingClient(@RestClient TrackingApi api) {
        this.api = api;
    }

    public Uni<List<TrackingApi.Run>> compare(List<String> jobIds) {
        return policy.read(COMPARE, () -> api.compare(String.join(",", jobIds)));
    }

    public Uni<String> export(String jobId, String format) {
        return policy.read(EXPORT, () -> api.export(jobId, format));
    }

    /** /q/health; a DOWN answer (503) is still an answer: its checks say what is down. */
    public Uni<HealthReport> health() {
        return policy.read(() -> HealthReport.read(api.health()));
    }
}
