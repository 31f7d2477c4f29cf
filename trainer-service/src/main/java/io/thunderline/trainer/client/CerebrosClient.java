package io.thunderline.trainer.client;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.thunderline.support.client.FaultPolicy;
import io.thunderline.support.client.Refused;
import io.thunderline.support.client.ServiceUnavailable;
import io.thunderline.trainer.config.TrainerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Calls the remote Cerebros service when CEREBROS_URL is set, behind its one fault-tolerance policy: status reads and
 * checkpoint downloads are retried over short blips, a submission is sent once (Cerebros may have started the job
 * before its answer was lost; the job waits and comes back instead), and a service that stays down trips the one
 * breaker, so every job learns it at once instead of each waiting for timeouts. An answer that refuses the request
 * (4xx: {@link CerebrosRejected}, {@link CerebrosJobUnknown}) is neither retried nor counted against the breaker: the
 * service is up, the request is wrong. Anything else is a {@link io.thunderline.support.client.ServiceUnavailable}
 * "Cerebros unavailable". Blocking: the training worker's thread waits for Cerebros.
 */
@ApplicationScoped
public class CerebrosClient {
    static final FaultPolicy.Settings POLICY = new FaultPolicy.Settings(CerebrosUnavailable.MESSAGE,
            Duration.ofSeconds(15), 2, Duration.ofMillis(300), 4, 0.75, Duration.ofSeconds(10));
    /** The training split goes up with the submission. */
    static final Duration SUBMIT = Duration.ofSeconds(90);
    /** A trained model file. */
    static final Duration DOWNLOAD = Duration.ofSeconds(120);

    private final Optional<URI> base;
    private final CerebrosApi api;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final FaultPolicy policy;

    public CerebrosClient(TrainerConfig config,
                          @ConfigProperty(name = "thunderline.client.cerebros.breaker-delay") Optional<Duration> breakerDelay) {
        TrainerConfig.Cerebros c = config.cerebros();
        this.base = c.url().filter(u -> !u.isBlank()).map(u -> URI.create(u.endsWith("/") ? u : u + "/"));
        this.requestTimeout = c.requestTimeout();
        this.api = base.map(uri -> QuarkusRestClientBuilder.newBuilder().baseUri(uri)
                .connectTimeout(c.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(c.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(CerebrosApi.class)).orElse(null);
        this.http = HttpClient.newBuilder().connectTimeout(c.connectTimeout()).build();
        this.policy = new FaultPolicy("cerebros", breakerDelay.map(POLICY::withBreakerDelay).orElse(POLICY));
    }

    public boolean enabled() {
        return base.isPresent();
    }

    public String url() {
        return base.map(URI::toString).orElse(null);
    }

    public CerebrosApi.Submitted submit(CerebrosApi.Submission submission) {
        CerebrosApi cerebros = api();
        try {
            return policy.writeBlocking(SUBMIT, () -> {
                CerebrosApi.Submitted submitted = cerebros.submit(submission);
                if (submitted == null || submitted.jobId() == null || submitted.jobId().isBlank()) {
                    throw new IllegalStateException("Cerebros answered the submission without a job_id");
                }
                return submitted;
            });
        } catch (Refused e) {
            throw CerebrosRejected.of(e);
        }
    }

    public CerebrosApi.Status status(String remoteJobId, long since) {
        CerebrosApi cerebros = api();
        try {
            return policy.readBlocking(POLICY.timeout(), () -> {
                CerebrosApi.Status status = cerebros.status(remoteJobId, since);
                if (status == null || status.status() == null) {
                    throw new IllegalStateException("Cerebros answered the status of job " + remoteJobId + " without a status");
                }
                return status;
            });
        } catch (Refused e) {
            throw e.status() == 404 ? new CerebrosJobUnknown(remoteJobId) : CerebrosRejected.of(e);
        }
    }

    /** The trained model of a completed remote job. */
    public byte[] download(String url) {
        URI uri = base.orElseThrow().resolve(url.startsWith("/") ? url.substring(1) : url);
        return policy.readBlocking(DOWNLOAD, () -> {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            int code = response.statusCode();
            if (code >= 500) {
                throw new IOException("Cerebros answered " + code + " for the checkpoint " + uri);
            }
            if (code != 200) {
                throw new CerebrosRejected(code, "Cerebros answered " + code + " for the checkpoint " + uri);
            }
            return response.body();
        });
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

    /** Words for a failure to reach Cerebros, for the job's message and the health check. */
    public static String describe(Throwable e) {
        return ServiceUnavailable.reason(e);
    }
}
