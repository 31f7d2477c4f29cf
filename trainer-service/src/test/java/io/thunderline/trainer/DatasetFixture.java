package io.thunderline.trainer;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test double of dataset-service's CSV endpoint (GET /datasets/{id}/versions/{v}/csv), so trainer ITs control the
 * data and can make the service fail. The real dataset-service is exercised end to end in system-tests.
 */
public class DatasetFixture implements QuarkusTestResourceLifecycleManager {
    public static final Map<String, String> CSV = new ConcurrentHashMap<>();
    /** A dataset's newest version for GET /datasets/{id} (1 when not set); its CSV serves every version. */
    static final Map<String, Integer> LATEST = new ConcurrentHashMap<>();
    /** A dataset's model type for GET /datasets/{id} (sentiment_analysis when not set). */
    static final Map<String, String> TYPE = new ConcurrentHashMap<>();
    /** Datasets whose requests answer 500, to test retries. */
    static final Map<String, AtomicInteger> FAILING = new ConcurrentHashMap<>();
    private static HttpServer server;

    @Override
    public synchronized Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/datasets/", exchange -> {
            // like dataset-service: nothing without a token (the trainer sends its service token, DatasetServiceToken)
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                byte[] refused = "{\"status\":401,\"field\":\"Authorization\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(401, refused.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(refused);
                }
                return;
            }
            String[] parts = exchange.getRequestURI().getPath().split("/");
            // /datasets/{id}/versions/{v}/csv, or /datasets/{id} for the dataset and its newest version
            String id = parts.length > 2 ? parts[2] : "";
            boolean info = parts.length == 3;
            AtomicInteger failures = FAILING.get(id);
            String body = CSV.get(id);
            int status = failures != null ? 500 : body == null ? 404 : 200;
            if (failures != null) {
                failures.incrementAndGet();
            }
            if (status == 200 && info) {
                body = "{\"datasetId\":\"" + id + "\",\"name\":\"prompt_" + id + "\",\"modelType\":\""
                        + TYPE.getOrDefault(id, "sentiment_analysis") + "\",\"latestVersion\":" + LATEST.getOrDefault(id, 1) + "}";
            }
            byte[] bytes = (status == 200 ? body : "{\"message\":\"dataset fixture says " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 200 && !info ? "text/csv" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("quarkus.rest-client.dataset.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
