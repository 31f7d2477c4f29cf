package io.thunderline.ui.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/** A service's /q/health answer (SmallRye Health): overall status and named checks. */
public record HealthReport(JsonNode body) {
    public record Check(String name, boolean up, String detail) {
    }

    public Optional<Check> check(String name) {
        JsonNode checks = body == null ? null : body.get("checks");
        if (checks == null || !checks.isArray()) {
            return Optional.empty();
        }
        for (JsonNode c : checks) {
            if (name.equals(c.path("name").asText())) {
                JsonNode data = c.get("data");
                String detail = data == null ? null : data.has("message") ? data.get("message").asText()
                        : data.has("error") ? data.get("error").asText() : null;
                return Optional.of(new Check(name, "UP".equalsIgnoreCase(c.path("status").asText()), detail));
            }
        }
        return Optional.empty();
    }
}
