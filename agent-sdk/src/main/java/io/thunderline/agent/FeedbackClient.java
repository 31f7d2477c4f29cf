package io.thunderline.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.thunderline.contracts.EventCodec;
import io.thunderline.upm.wire.FamilyPrediction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Posts an agent's feedback on one of its predictions to upm-service ({@code POST /upm/families/{family}/feedback}),
 * counted there per snapshot version: how the online accuracy of a canary (B) is compared with the active version's
 * (A). One id per judgement, sent again on a retry, so a lost answer never counts a judgement twice.
 */
final class FeedbackClient {
    static final int ATTEMPTS = 3;

    private final URI upm;
    private final String agentId;
    private final String agentKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FeedbackClient(URI upm, String agentId, String agentKey) {
        this.upm = upm;
        this.agentId = agentId;
        this.agentKey = agentKey;
    }

    /** True when upm-service recorded it now, false when it had it already. */
    boolean send(FamilyPrediction prediction, Boolean correct, String rightLabel) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("feedbackId", UUID.randomUUID().toString());
        body.put("agentId", agentId);
        body.put("version", prediction.version());
        body.put("predicted", prediction.label());
        body.put("correct", correct);
        body.put("label", rightLabel);
        String json;
        try {
            json = EventCodec.mapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("feedback of " + agentId + " cannot be written as JSON", e);
        }
        HttpRequest.Builder post = HttpRequest.newBuilder(upm.resolve("/upm/families/" + prediction.family().wireName()
                        + "/feedback"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (agentKey != null) {
            post.header(AdapterApplier.AGENT_KEY_HEADER, agentKey);
        }
        HttpRequest request = post.build();
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || response.statusCode() == 201) {
                    return response.statusCode() == 201;
                }
                if (response.statusCode() < 500) {
                    throw new IllegalArgumentException("upm-service refused the feedback (" + response.statusCode() + "): "
                            + detail(response.body()));
                }
                last = new IOException("upm-service answered " + response.statusCode());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending feedback", e);
            }
        }
        throw new UncheckedIOException("feedback not delivered to " + upm + " after " + ATTEMPTS + " attempts", last);
    }

    private static String detail(String body) {
        try {
            JsonNode node = EventCodec.mapper().readTree(body);
            return node.hasNonNull("detail") ? node.get("detail").asText() : body;
        } catch (IOException | RuntimeException e) {
            return body;
        }
    }
}
