package io.thunderline.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.thunderline.contracts.EventCodec;
import io.thunderline.contracts.ModelType;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The runnable agent's HTTP endpoints (JDK HttpServer):
 * <ul>
 *   <li>{@code POST /predict} {@code {"text": "...", "family": "sentiment_analysis"}} (family optional when the agent
 *       follows one) → {@code {family, version, label, probabilities{}}}; 400 for bad input, 503 while no model is
 *       held;</li>
 *   <li>{@code POST /feedback} {@code {"family"?, "version", "predicted", "correct"?, "label"?}}: the user's judgement
 *       of a prediction this agent made (its version and label), passed to upm-service ({@link UpmAgent#feedback})
 *       → {@code {"recorded": true|false}}; 400 for bad input, 503 when the agent has no {@code --upm-url};</li>
 *   <li>{@code GET /status} → {@code {agentId, families: {name: {version, labels, lastError}}}};</li>
 *   <li>{@code GET /health} → 200 "ok".</li>
 * </ul>
 */
public final class AgentHttp {
    private final HttpServer server;
    private final UpmAgent agent;

    private AgentHttp(HttpServer server, UpmAgent agent) {
        this.server = server;
        this.agent = agent;
    }

    public static AgentHttp start(UpmAgent agent, InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        AgentHttp http = new AgentHttp(server, agent);
        server.createContext("/predict", http::predict);
        server.createContext("/status", http::status);
        server.createContext("/feedback", http::feedback);
        server.createContext("/health", exchange -> send(exchange, 200, "ok", "text/plain"));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "upm-agent-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return http;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
    }

    private void predict(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            error(exchange, 405, null, "use POST with a JSON body {\"text\": \"...\", \"family\": \"...\"}");
            return;
        }
        JsonNode body;
        try {
            body = EventCodec.mapper().readTree(exchange.getRequestBody());
        } catch (IOException e) {
            error(exchange, 400, null, "the body is not valid JSON; send {\"text\": \"...\"}");
            return;
        }
        if (body == null || !body.hasNonNull("text") || !body.get("text").isTextual() || body.get("text").asText().isBlank()) {
            error(exchange, 400, "text", "field 'text' is required: the text to classify");
            return;
        }
        ModelType family;
        if (body.hasNonNull("family")) {
            try {
                family = ModelType.fromWire(body.get("family").asText());
            } catch (RuntimeException e) {
                error(exchange, 400, "family", "field 'family' must be one of " + agent.families().stream()
                        .map(ModelType::wireName).toList());
                return;
            }
            if (!agent.families().contains(family)) {
                error(exchange, 400, "family", "this agent follows " + agent.families().stream()
                        .map(ModelType::wireName).toList() + ", not " + family.wireName());
                return;
            }
        } else if (agent.families().size() == 1) {
            family = agent.families().iterator().next();
        } else {
            error(exchange, 400, "family", "field 'family' is required: this agent follows "
                    + agent.families().stream().map(ModelType::wireName).toList());
            return;
        }
        var prediction = agent.predict(family, body.get("text").asText());
        if (prediction.isEmpty()) {
            error(exchange, 503, null, "no " + family.wireName() + " model yet: waiting for the first adapter on upm.adapters");
            return;
        }
        send(exchange, 200, EventCodec.mapper().writeValueAsString(prediction.get()), "application/json");
    }

    private void feedback(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            error(exchange, 405, null, "use POST with {\"version\", \"predicted\", \"correct\"} or the right \"label\"");
            return;
        }
        JsonNode body;
        try {
            body = EventCodec.mapper().readTree(exchange.getRequestBody());
        } catch (IOException e) {
            error(exchange, 400, null, "the body is not valid JSON");
            return;
        }
        if (body == null || !body.hasNonNull("version") || !body.get("version").canConvertToLong()) {
            error(exchange, 400, "version", "field 'version' is required: the version the prediction names");
            return;
        }
        if (!body.hasNonNull("predicted") || body.get("predicted").asText().isBlank()) {
            error(exchange, 400, "predicted", "field 'predicted' is required: the label the agent predicted");
            return;
        }
        Boolean correct = body.hasNonNull("correct") ? body.get("correct").asBoolean() : null;
        String label = body.hasNonNull("label") ? body.get("label").asText() : null;
        ModelType family;
        try {
            family = body.hasNonNull("family") ? ModelType.fromWire(body.get("family").asText())
                    : agent.families().size() == 1 ? agent.families().iterator().next() : null;
        } catch (RuntimeException e) {
            family = null;
        }
        if (family == null || !agent.families().contains(family)) {
            error(exchange, 400, "family", "field 'family' must be one this agent follows: " + agent.families().stream()
                    .map(ModelType::wireName).toList());
            return;
        }
        try {
            boolean recorded = agent.feedback(new io.thunderline.upm.wire.FamilyPrediction(family,
                    body.get("version").asLong(), body.get("predicted").asText(), Map.of()), correct, label);
            send(exchange, 200, EventCodec.mapper().writeValueAsString(Map.of("recorded", recorded)), "application/json");
        } catch (IllegalStateException e) {
            error(exchange, 503, null, e.getMessage());
        } catch (IllegalArgumentException e) {
            error(exchange, 400, null, e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            error(exchange, 502, null, e.getMessage());
        }
    }

    private void status(HttpExchange exchange) throws IOException {
        Map<String, Object> families = new LinkedHashMap<>();
        for (ModelType family : agent.families()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("version", agent.version(family).isPresent() ? agent.version(family).getAsLong() : null);
            f.put("labels", agent.labels(family));
            f.put("lastError", agent.lastError(family).orElse(null));
            families.put(family.wireName(), f);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agentId", agent.agentId());
        out.put("families", families);
        send(exchange, 200, EventCodec.mapper().writeValueAsString(out), "application/json");
    }

    private static void error(HttpExchange exchange, int status, String field, String message) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("field", field);
        out.put("message", message);
        send(exchange, status, EventCodec.mapper().writeValueAsString(out), "application/json");
    }

    private static void send(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
