package io.thunderline.ui.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import jakarta.ws.rs.WebApplicationException;

final class Health {
    private Health() {
    }

    /** SmallRye Health answers 503 with the same JSON body when a check is DOWN. */
    static Uni<HealthReport> read(Uni<JsonNode> call) {
        return call.map(HealthReport::new)
                .onFailure(WebApplicationException.class).recoverWithUni(e -> {
                    var response = ((WebApplicationException) e).getResponse();
                    if (response.getStatus() != 503 || !response.hasEntity()) {
                        return Uni.createFrom().failure(e);
                    }
                    try {
                        return Uni.createFrom().item(new HealthReport(EventCodec.mapper().readTree(response.readEntity(String.class))));
                    } catch (Exception unreadable) {
                        return Uni.createFrom().failure(e);
                    }
                });
    }
}
