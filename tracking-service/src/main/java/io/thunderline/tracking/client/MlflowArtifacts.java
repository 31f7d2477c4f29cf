package io.thunderline.tracking.client;

import io.thunderline.tracking.config.MlflowConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Uploads run artifacts through MLflow's artifact proxy ({@code mlflow server --serve-artifacts}):
 * {@code PUT /api/2.0/mlflow-artifacts/artifacts/<artifact root>/<path>}. The Java client's own logArtifact runs the
 * Python mlflow command line on this machine, which a service must not depend on; the proxy needs plain HTTP only.
 */
@ApplicationScoped
public class MlflowArtifacts {
    static final String SCHEME = "mlflow-artifacts:";

    private final MlflowConfig config;
    private final HttpClient http;

    public MlflowArtifacts(MlflowConfig config) {
        this.config = config;
        // HTTP/1.1: the JDK client otherwise asks for an h2c upgrade, which MLflow's server logs a warning about
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout()).build();
    }

    /**
     * @param artifactUri the run's artifact URI as MLflow reported it, e.g. mlflow-artifacts:/1/&lt;run id&gt;/artifacts
     * @param path        where under the run's artifacts, e.g. model/job-1.model
     */
    public void upload(String artifactUri, String path, byte[] content, String contentType) {
        URI target = URI.create(config.apiBase() + "/api/2.0/mlflow-artifacts/artifacts/" + encodePath(root(artifactUri))
                + "/" + encodePath(path));
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(config.requestTimeout().plusMillis(content.length / 100)) // about 100 kB/s at worst
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new MlflowUnavailableException("upload " + path + ": " + MlflowGateway.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowUnavailableException("upload " + path + " interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String detail = "upload " + path + ": MLflow answered " + status + " " + response.body();
        if (status == 429 || status == 408 || status >= 500) {
            throw new MlflowUnavailableException(detail, null);
        }
        throw new MlflowRejectedException(detail, null);
    }

    /** The run's artifact root below the proxy, e.g. "1/&lt;run id&gt;/artifacts". */
    static String root(String artifactUri) {
        if (artifactUri == null || !artifactUri.startsWith(SCHEME)) {
            throw new MlflowRejectedException("the run's artifacts live at " + artifactUri + ", not behind MLflow's "
                    + "artifact proxy; start the MLflow server with --serve-artifacts (and no --default-artifact-root "
                    + "outside it) so that artifacts can be uploaded over HTTP", null);
        }
        String root = artifactUri.substring(SCHEME.length());
        if (root.startsWith("//")) {
            // mlflow-artifacts://host:port/path names the proxy's host; we talk to the configured one
            int slash = root.indexOf('/', 2);
            root = slash < 0 ? "" : root.substring(slash);
        }
        while (root.startsWith("/")) {
            root = root.substring(1);
        }
        return root;
    }

    static String encodePath(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
