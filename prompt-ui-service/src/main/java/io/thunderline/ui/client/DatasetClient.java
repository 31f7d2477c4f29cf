package io.thunderline.ui.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Calls dataset-service with a timeout, retries and a circuit breaker. A 4xx is the user's input being refused:
 * never retried and not a failure of the service, so it neither retries nor opens the breaker.
 */
@ApplicationScoped
public class DatasetClient {
    private final DatasetApi api;

    public DatasetClient(@RestClient DatasetApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = UserInputRefused.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = UserInputRefused.class)
    public DatasetApi.Created create(DatasetApi.Submission submission) {
        try {
            return api.create(submission);
        } catch (WebApplicationException e) {
            throw UserInputRefused.from(e);
        }
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = UserInputRefused.class)
    public Map<String, Object> preview(DatasetApi.Submission submission) {
        try {
            return api.preview(submission);
        } catch (WebApplicationException e) {
            throw UserInputRefused.from(e);
        }
    }
}
