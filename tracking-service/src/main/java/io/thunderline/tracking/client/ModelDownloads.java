package io.thunderline.tracking.client;

import io.thunderline.tracking.config.TrackingConfig;
import io.thunderline.support.identity.CallerTokens;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches a trained model file from the {@code modelUrl} its completed job update named: one plain GET with a deadline
 * (the replayer's thread waits for it). "Not found" is an answer (the run gets no model file); anything else that is
 * not a 200 — no server listening, a timeout, a 5xx — is {@link DependencyUnavailableException}: the upload stays a
 * pending operation and is tried again later, while the rest of the run is already in MLflow. A modelUrl outside
 * trainer-service's configured address is not fetched at all (the run gets no model file): the request would carry
 * tracking-service's token. Redirects are not followed for the same reason.
 */
@ApplicationScoped
public class ModelDownloads {
    private static final Logger LOG = Logger.getLogger(ModelDownloads.class);
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"?([^\";]+)\"?");

    private final HttpClient http;
    private final TrackingConfig config;
    private final CallerTokens tokens;
    private final TrainerOrigin trainer;

    public ModelDownloads(TrackingConfig config, CallerTokens tokens) {
        this.config = config;
        this.tokens = tokens;
        this.trainer = new TrainerOrigin(config.modelFetch().trainerUrl());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.modelFetch().connectTimeout()).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public Optional<ModelFile> fetch(String jobId, String modelUrl) {
        URI url;
        try {
            url = URI.create(modelUrl);
        } catch (IllegalArgumentException e) {
            LOG.warnf("job %s: its modelUrl %s is not a URL; its MLflow run gets no model file", jobId, modelUrl);
            return Optional.empty();
        }
        if (!trainer.admits(url)) {
            LOG.warnf("job %s: its modelUrl %s is not at trainer-service's address %s "
                    + "(thunderline.tracking.model-fetch.trainer-url); not fetched, its MLflow run gets no model file",
                    jobId, modelUrl, trainer);
            return Optional.empty();
        }
        HttpResponse<byte[]> response;
        try {
            // trainer-service lets tracking-service (its service token) read any job's model file, and only that
            response = http.send(HttpRequest.newBuilder(url).timeout(config.modelFetch().timeout())
                    .header("Authorization", tokens.bearerAsService("trainer-service"))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new DependencyUnavailableException("the model file of job " + jobId + " at " + modelUrl
                    + " is not reachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("fetching the model file of job " + jobId + " interrupted", e);
        }
        int status = response.statusCode();
        if (status == 404) {
            return Optional.empty();
        }
        if (status >= 300 && status < 400) {
            LOG.warnf("job %s: GET %s answered %d (a redirect, not followed: it would carry the token); "
                    + "its MLflow run gets no model file", jobId, modelUrl, status);
            return Optional.empty();
        }
        if (status != 200) {
            throw new DependencyUnavailableException("GET " + modelUrl + " answered " + status + " for the model file of job "
                    + jobId, null);
        }
        String name = fileName(response.headers().firstValue("Content-Disposition").orElse(null), modelUrl, jobId);
        return Optional.of(new ModelFile(name, response.body()));
    }

    /** The server's file name, else the URL's last segment unless it is a bare "file", else jobId.model; made safe. */
    static String fileName(String contentDisposition, String modelUrl, String jobId) {
        if (contentDisposition != null) {
            Matcher m = FILE_NAME.matcher(contentDisposition);
            if (m.find()) {
                String name = safe(m.group(1));
                if (name != null) {
                    return name;
                }
            }
        }
        String path = URI.create(modelUrl).getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        String name = last.contains(".") ? safe(last) : null;
        return name != null ? name : jobId + ".model";
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isBlank() || s.startsWith(".") ? null : s;
    }
}
