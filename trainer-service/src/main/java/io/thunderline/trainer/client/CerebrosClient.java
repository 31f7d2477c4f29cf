package io.thunderline.trainer.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.thunderline.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Calls the remote Cerebros service when CEREBROS_URL is set. Short blips are retried here; a service that stays
 * down trips the circuit breaker, so jobs and the health check learn it at once instead of each waiting for
 * timeouts. An answer that refuses the request (4xx) is neither retried nor counted against the breaker: the
 * service is up, the request is wrong.
 */
@ApplicationScoped
public class CerebrosClient {
    private final Optional<URI> base;
    private final CerebrosApi api;
    private final HttpClient http;
    private final Duration requestTimeout;

    public CerebrosClient(TrainerConfig config) {
        TrainerConfig.Cerebros c = config.cerebros();
        this.base = c.url().filter(u -> !u.isBlank()).map(u -> URI.create(u.endsWith("/") ? u : u + "/"));
        this.requestTimeout = c.requestTimeout();
        this.api = base.map(uri -> QuarkusRestClientBuilder.newBuilder().baseUri(uri)
                .connectTimeout(c.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(c.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(CerebrosApi.class)).orElse(null);
        this.http = HttpClient.newBuilder().connectTimeout(c.connectTimeout()).build();
    }

    public boolean enabled() {
        return base.isPresent();
    }

    public String url() {
        return base.map(URI::toString).orElse(null);
    }

    @Timeout(value = 90, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300, jitter = 100, abortOn = {CerebrosRejected.class, CerebrosJobUnknown.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000,
            skipOn = {CerebrosRejected.class, CerebrosJobUnknown.class})
    public CerebrosApi.Submitted submit(CerebrosApi.Submission submission) {
        try {
            CerebrosApi.Submitted submitted = api().submit(submission);
            if (submitted == null || submitted.jobId() == null || submitted.jobId().isBlank()) {
                throw new IllegalStateException("Cerebros answered the submission without a job_id");
            }
            return submitted;
        } catch (WebApplicationException e) {
            throw refusedOrRethrow(e, null);
        }
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 300, jitter = 100, abortOn = {CerebrosRejected.class, CerebrosJobUnknown.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000,
            skipOn = {CerebrosRejected.class, CerebrosJobUnknown.class})
    public CerebrosApi.Status status(String remoteJobId, long since) {
        try {
            CerebrosApi.Status status = api().status(remoteJobId, since);
            if (status == null || status.status() == null) {
                throw new IllegalStateException("Cerebros answered the status of job " + remoteJobId + " without a status");
            }
            return status;
        } catch (WebApplicationException e) {
            throw refusedOrRethrow(e, remoteJobId);
        }
    }

    /** The trained model of a completed remote job. */
    @Timeout(value = 120, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 500, abortOn = {CerebrosRejected.class, CerebrosJobUnknown.class, InterruptedException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000,
            skipOn = {CerebrosRejected.class, CerebrosJobUnknown.class})
    public byte[] download(String url) throws IOException, InterruptedException {
        URI uri = base.orElseThrow().resolve(url.startsWith("/") ? url.substring(1) : url);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        int code = response.statusCode();
        if (code >= 500) {
            throw new IOException("Cerebros answered " + code + " for the checkpoint " + uri);
        }
        if (code != 200) {
            throw new CerebrosRejected("Cerebros answered " + code + " for the checkpoint " + uri);
        }
        return response.body();
    }

    /** For the health check: any HTTP answer (an unknown probe job is a 404) means the service is there. */
    public void probe() {
        try {
            api().status("thunderline-health-probe", 0L);
        } catch (WebApplicationException e) {
            if (e.getResponse() == null || e.getResponse().getStatus() >= 500) {
                throw e;
            }
        }
    }

    private CerebrosApi api() {
        if (api == null) {
            throw new IllegalStateException("CEREBROS_URL is not set");
        }
        return api;
    }

    private static RuntimeException refusedOrRethrow(WebApplicationException e, String remoteJobId) {
        int code = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (code == 404 && remoteJobId != null) {
            return new CerebrosJobUnknown(remoteJobId);
        }
        if (code >= 400 && code < 500) {
            String body = "";
            try {
                body = e.getResponse().readEntity(String.class);
            } catch (RuntimeException ignored) {
                // no readable body: the status code says enough
            }
            return new CerebrosRejected("Cerebros refused the request (" + code + (body.isBlank() ? "" : ": " + body) + ")");
        }
        return e;
    }

    /** Words for a failure to reach Cerebros, for the job's message and the health check. */
    public static String describe(Throwable e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "circuit breaker open after repeated failures";
        }
        if (e instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException) {
            return "no answer in time";
        }
        if (e instanceof WebApplicationException w && w.getResponse() != null) {
            return "HTTP " + w.getResponse().getStatus();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
