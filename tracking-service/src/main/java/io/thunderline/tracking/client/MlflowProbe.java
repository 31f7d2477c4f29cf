package io.thunderline.tracking.client;

import io.smallrye.mutiny.Uni;
import io.thunderline.tracking.config.MlflowConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks MLflow's /health endpoint whether the server is up (it answers "OK" with 200). */
@ApplicationScoped
public class MlflowProbe {
    private final HttpClient http;
    private final HttpRequest request;

    public MlflowProbe(MlflowConfig config) {
        // HTTP/1.1: the JDK client otherwise asks for an h2c upgrade, which MLflow's server logs a warning about
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).build();
        Duration timeout = config.connectTimeout().compareTo(Duration.ofSeconds(3)) < 0 ? Duration.ofSeconds(3)
                : config.connectTimeout();
        this.request = HttpRequest.newBuilder(URI.create(config.apiBase() + "/health")).timeout(timeout).GET().build();
    }

    public Uni<Boolean> healthy() {
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                .map(response -> response.statusCode() == 200)
                .onFailure().recoverWithItem(false);
    }

    /** Blocking variant for the replayer's thread. */
    public boolean healthyNow() {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
