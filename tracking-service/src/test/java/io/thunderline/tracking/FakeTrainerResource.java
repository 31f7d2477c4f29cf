package io.thunderline.tracking;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Test double of trainer-service's two endpoints tracking-service calls (the real service is tested in its own module):
 * GET /models/{jobId}/file answers {@link #modelBytes(String)} for jobs whose id contains "with-model" and 404 for
 * others; GET /jobs/{id} answers for jobs whose id contains "trainer-knows" (what tracking-service asks when a job's
 * request never came), 404 for others. Jobs wait only 3 s for their request here.
 */
public class FakeTrainerResource implements QuarkusTestResourceLifecycleManager {
    private HttpServer server;

    public static byte[] modelBytes(String jobId) {
        return ("thunderline-model-file for " + jobId).getBytes(StandardCharsets.UTF_8);
    }

    public static String modelFileName(String jobId) {
        return jobId + ".tlm";
    }

    /** trainer-service's job JSON (fields as its JobRow has them, and some the tracking-service ignores). */
    static String trainerJob(String jobId) {
        return "{\"id\":\"" + jobId + "\",\"datasetId\":\"ds-trainer\",\"datasetVersion\":2,"
                + "\"modelType\":\"sentiment_analysis\",\"priority\":\"low\",\"status\":\"completed\",\"phase\":4,"
                + "\"attempts\":1,\"maxAttempts\":3,\"useUpm\":true,\"trackMlflow\":true,"
                + "\"promptPreview\":\"great -> positive\",\"createdBy\":\"trainer-user\","
                + "\"createdAt\":\"2026-11-25T08:00:00Z\",\"workerId\":\"w-1\"}";
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/models/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String jobId = parts.length >= 4 ? parts[2] : "";
            if (jobId.contains("with-model") && parts.length == 4 && parts[3].equals("file")) {
                byte[] body = modelBytes(jobId);
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"" + modelFileName(jobId) + "\"");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.createContext("/jobs/", exchange -> {
            String jobId = exchange.getRequestURI().getPath().substring("/jobs/".length());
            if (jobId.contains("trainer-knows")) {
                byte[] body = trainerJob(jobId).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.trainer.url", "http://127.0.0.1:" + server.getAddress().getPort(),
                "thunderline.tracking.request-wait", "3s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
