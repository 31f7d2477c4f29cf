package io.thunderline.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * dataset-service with a timeout, retries and a circuit breaker. A 4xx is the user's input being refused: never
 * retried and not a failure of the service. When the service cannot answer the page says "Dataset service
 * unavailable". Creating is not retried: a timeout after the dataset was stored must not store it twice.
 */
@ApplicationScoped
public class DatasetClient {
    static final String DOWN = "Dataset service unavailable: try again in a few seconds";

    private final DatasetApi api;

    public DatasetClient(@RestClient DatasetApi api) {
        this.api = api;
    }

    @Timeout(20_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "createDown", skipOn = Refused.class)
    public Uni<DatasetApi.Created> create(DatasetApi.Submission submission) {
        return Refused.mapRefusals(api.create(submission));
    }

    Uni<DatasetApi.Created> createDown(DatasetApi.Submission submission, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(30_000)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "uploadDown", skipOn = Refused.class)
    public Uni<DatasetApi.Created> upload(ClientMultipartForm form) {
        return Refused.mapRefusals(api.upload(form));
    }

    Uni<DatasetApi.Created> uploadDown(ClientMultipartForm form, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(5000)
    @Retry(maxRetries = 1, delay = 100, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "previewDown", skipOn = Refused.class)
    public Uni<JsonNode> preview(DatasetApi.Submission submission) {
        return Refused.mapRefusals(api.preview(submission));
    }

    Uni<JsonNode> previewDown(DatasetApi.Submission submission, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(5000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "templatesDown", skipOn = Refused.class)
    public Uni<JsonNode> templates(String modelType) {
        return Refused.mapRefusals(api.templates(modelType));
    }

    Uni<JsonNode> templatesDown(String modelType, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }

    @Timeout(30_000)
    @Retry(maxRetries = 2, delay = 200, abortOn = Refused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = Refused.class)
    @Fallback(fallbackMethod = "csvDown", skipOn = Refused.class)
    public Uni<String> csv(String datasetId, int version) {
        return Refused.mapRefusals(api.csv(datasetId, version));
    }

    Uni<String> csvDown(String datasetId, int version, Throwable cause) {
        return ServiceUnavailable.because(DOWN, cause);
    }
}
