package io.thunderline.ui.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import jakarta.ws.rs.WebApplicationException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A service's /q/health answer (SmallRye Health): its named checks, each UP or DOWN with a message. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HealthReport(List<Entry> checks) {
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String name, String status, Map<String, Object> data) {
    }

    /** One check as the status rules read it. */
    public record Check(String name, boolean up, String detail) {
    }

    public Optional<Check> check(String name) {
        return (checks == null ? List.<Entry>of() : checks).stream().filter(c -> name.equals(c.name())).findFirst()
                .map(c -> new Check(name, "UP".equalsIgnoreCase(c.status()), detail(c.data())));
    }

    private static String detail(Map<String, Object> data) {
        Object detail = data == null ? null : data.containsKey("message") ? data.get("message") : data.get("error");
        return detail == null ? null : String.valueOf(detail);
    }

    /** SmallRye Health answers 503 with the same body when a check is DOWN: that is still an answer. */
    static Uni<HealthReport> read(Uni<HealthReport> call) {
        return call.onFailure(WebApplicationException.class).recoverWithUni(e -> {
            var response = ((WebApplicationException) e).getResponse();
            if (response.getStatus() != 503 || !response.hasEntity()) {
                return Uni.createFrom().failure(e);
            }
            try {
                return Uni.createFrom().item(EventCodec.mapper().readValue(response.readEntity(String.class), HealthReport.class));
            } catch (Exception unreadable) {
                return Uni.createFrom().failure(e);
            }
        });
    }
}
