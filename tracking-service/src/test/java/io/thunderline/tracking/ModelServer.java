package io.thunderline.tracking;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/**
 * Plays whatever serves a completed job's modelUrl (trainer-service in the stack, tested in its own module):
 * GET /models/{jobId}/file answers {@link #modelBytes(String)} for jobs whose id contains "with-model", 404 for others.
 */
final class ModelServer implements AutoCloseable {
    private static ModelServer shared;

    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

    private ModelServer(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/models/", exchange -> {
            requests.incrementAndGet();
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String jobId = parts.length >= 4 ? parts[2] : "";
            // like trainer-service: a model file only for a bearer token (tracking-service sends its service token)
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                exchange.sendResponseHeaders(401, -1);
            } else if (jobId.contains("with-model") && parts.length == 4 && parts[3].equals("file")) {
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
        server.start();
    }

    /** One server for the whole test run. */
    static synchronized ModelServer shared() {
        if (shared == null) {
            shared = new ModelServer(0);
        }
        return shared;
    }

    /** Starts a server on a port that was closed until now (see {@link #freePort()}). */
    static ModelServer on(int port) {
        return new ModelServer(port);
    }

    /** A port nothing listens on (yet). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String modelUrl(int port, String jobId) {
        return "http://127.0.0.1:" + port + "/models/" + jobId + "/file";
    }

    /** Requests this server has answered so far. */
    int requests() {
        return requests.get();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String modelUrl(String jobId) {
        return modelUrl(server.getAddress().getPort(), jobId);
    }

    static byte[] modelBytes(String jobId) {
        return ("thunderline-model-file for " + jobId).getBytes(StandardCharsets.UTF_8);
    }

    static String modelFileName(String jobId) {
        return jobId + ".tlm";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
