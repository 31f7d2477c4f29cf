package io.thunderline.ui.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for one of the other services over real HTTP, answering what a test sets per "METHOD path-prefix".
 * Only for the page service's own ITs (the browser ITs run the real services).
 */
public final class FakeService implements AutoCloseable {
    public record Reply(int status, String contentType, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, "application/json", body);
        }
    }

    /**
     * @param user  the person the call's bearer token names (the page forwards the signed-in user, ForwardedUser), or the
     *              calling service for a service token; null for a call without one
     * @param query the raw query string, or null
     */
    public record Call(String method, String path, String body, String user, String query) {
    }

    private final HttpServer server;
    private final Map<String, Function<Call, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public FakeService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            Call call = new Call(exchange.getRequestMethod(), path, body,
                    subject(exchange.getRequestHeaders().getFirst("Authorization")), exchange.getRequestURI().getRawQuery());
            calls.add(call);
            Function<Call, Reply> route = routes.entrySet().stream()
                    .filter(e -> (call.method() + " " + path).startsWith(e.getKey()))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                    .map(Map.Entry::getValue).orElse(null);
            Reply reply = route == null ? Reply.json(404, "{\"message\":\"no route " + path + "\"}") : route.apply(call);
            byte[] bytes = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets the answer for requests whose "METHOD path" starts with {@code methodAndPath}. */
    public FakeService on(String methodAndPath, Function<Call, Reply> reply) {
        routes.put(methodAndPath, reply);
        return this;
    }

    public FakeService on(String methodAndPath, int status, String json) {
        return on(methodAndPath, c -> Reply.json(status, json));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The sub claim of a bearer token (not verified: the fake only reports who the page said it was calling for). */
    static String subject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        java.util.regex.Matcher sub = java.util.regex.Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]*)\"").matcher(claims);
        return sub.find() ? sub.group(1) : null;
    }
}
