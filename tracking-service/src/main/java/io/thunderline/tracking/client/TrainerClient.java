package io.thunderline.tracking.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * trainer-service calls with a deadline, a few quick retries and a circuit breaker. "Not found" is an answer (the
 * job has no model, or no such job), not a failure: it does not count against the breaker. Every other failure comes
 * out as {@link DependencyUnavailableException}; the pending operation then waits and tries again.
 */
@ApplicationScoped
public class TrainerClient {
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"?([^\";]+)\"?");

    private final TrainerApi api;

    public TrainerClient(@RestClient TrainerApi api) {
        this.api = api;
    }

    // the replayer's thread waits for this call: a hung trainer-service must not hold MLflow replay up for long
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, jitter = 100, abortOn = DependencyUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = DependencyUnavailableException.class)
    public Optional<ModelFile> modelFile(String jobId) {
        try (Response response = call(() -> api.modelFile(jobId))) {
            if (response.getStatus() == 404) {
                return Optional.empty();
            }
            expectOk(response, "model file of job " + jobId);
            byte[] content = response.readEntity(byte[].class);
            return Optional.of(new ModelFile(fileName(response.getHeaderString("Content-Disposition"), jobId), content));
        }
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, abortOn = DependencyUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = DependencyUnavailableException.class)
    public Optional<TrainerJob> job(String jobId) {
        try (Response response = call(() -> api.job(jobId))) {
            if (response.getStatus() == 404) {
                return Optional.empty();
            }
            expectOk(response, "job " + jobId);
            return Optional.of(response.readEntity(TrainerJob.class));
        }
    }

    /** The REST client throws for 4xx/5xx answers; here an answer is an answer, whatever its status. */
    private static Response call(java.util.function.Supplier<Response> call) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            return e.getResponse();
        }
    }

    private static void expectOk(Response response, String what) {
        int status = response.getStatus();
        if (status >= 500) {
            // worth retrying: let fault tolerance see a plain failure
            throw new WebApplicationException("trainer-service answered " + status + " for " + what, status);
        }
        if (status != 200) {
            throw new DependencyUnavailableException("trainer-service answered " + status + " for " + what, null);
        }
    }

    static String fileName(String contentDisposition, String jobId) {
        if (contentDisposition != null) {
            Matcher m = FILE_NAME.matcher(contentDisposition);
            if (m.find()) {
                String name = m.group(1).replaceAll("[^A-Za-z0-9._-]", "_");
                if (!name.isBlank() && !name.startsWith(".")) {
                    return name;
                }
            }
        }
        return jobId + ".model";
    }

    /** Turns what fault tolerance gives up with into the one exception callers handle. */
    public static DependencyUnavailableException unavailable(String what, Throwable e) {
        if (e instanceof DependencyUnavailableException d) {
            return d;
        }
        String reason = e instanceof ProcessingException ? "not reachable" : e.getClass().getSimpleName();
        return new DependencyUnavailableException("trainer-service " + reason + " for " + what + ": " + e.getMessage(), e);
    }
}
