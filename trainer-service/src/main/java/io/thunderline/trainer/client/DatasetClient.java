package io.thunderline.trainer.client;

import io.smallrye.mutiny.Uni;
import io.thunderline.support.client.FaultPolicy;
import io.thunderline.support.client.Refused;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.Optional;

/**
 * dataset-service behind its one fault-tolerance policy (both calls are reads): a missing dataset is final
 * ({@link DatasetMissing}), anything else is retried, then "dataset-service unavailable".
 */
@ApplicationScoped
public class DatasetClient {
    static final FaultPolicy.Settings POLICY = new FaultPolicy.Settings("dataset-service unavailable",
            Duration.ofSeconds(15), 3, Duration.ofMillis(300), 6, 0.8, Duration.ofSeconds(10));
    /** A version's whole canonical CSV. */
    static final Duration CSV = Duration.ofSeconds(60);

    private final DatasetApi api;
    private final FaultPolicy policy;

    public DatasetClient(@RestClient DatasetApi api,
                         @ConfigProperty(name = "thunderline.client.dataset.breaker-delay") Optional<Duration> breakerDelay) {
        this.api = api;
        this.policy = new FaultPolicy("dataset-service", breakerDelay.map(POLICY::withBreakerDelay).orElse(POLICY));
    }

    /** Blocking, on the training worker's thread. */
    public String canonicalCsv(String datasetId, int version) {
        try {
            return policy.readBlocking(CSV, () -> api.csv(datasetId, version));
        } catch (Refused e) {
            throw missingOr(e, "dataset " + datasetId + " version " + version);
        }
    }

    /** A dataset's metadata with its newest version. */
    public Uni<DatasetInfo> dataset(String datasetId) {
        return policy.read(() -> api.dataset(datasetId))
                .onFailure(Refused.class).transform(e -> missingOr((Refused) e, "dataset " + datasetId));
    }

    private static Refused missingOr(Refused refusal, String what) {
        return refusal.status() == 404 ? new DatasetMissing(what + " not found") : refusal;
    }
}
