package io.thunderline.trainer.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/** Fetches training data from dataset-service; a missing dataset is final, anything else is retried. */
@ApplicationScoped
public class DatasetClient {
    private final DatasetApi api;

    public DatasetClient(@RestClient DatasetApi api) {
        this.api = api;
    }

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 500, abortOn = DatasetMissing.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 10_000, skipOn = DatasetMissing.class)
    public String canonicalCsv(String datasetId, int version) {
        try {
            return api.csv(datasetId, version);
        } catch (WebApplicationException e) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 404) {
                throw new DatasetMissing("dataset " + datasetId + " version " + version + " not found");
            }
            throw e;
        }
    }

    /** A dataset's metadata with its newest version; a missing dataset is final (DatasetMissing), anything else retried. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300, abortOn = DatasetMissing.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.8, delay = 10_000, skipOn = DatasetMissing.class)
    public Uni<DatasetInfo> dataset(String datasetId) {
        return api.dataset(datasetId).onFailure(e -> e instanceof WebApplicationException w && w.getResponse() != null
                        && w.getResponse().getStatus() == 404)
                .transform(e -> new DatasetMissing("dataset " + datasetId + " not found"));
    }
}
