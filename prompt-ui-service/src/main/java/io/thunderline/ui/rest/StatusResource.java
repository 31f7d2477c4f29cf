package io.thunderline.ui.rest;

import io.thunderline.ui.service.StatusRules;
import io.thunderline.ui.service.SystemStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The UPM panel and the troubleshooting badges, as the live stream sends them. */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {
    private final SystemStatus status;

    public StatusResource(SystemStatus status) {
        this.status = status;
    }

    @GET
    public StatusRules.Snapshot get() {
        return status.snapshot();
    }
}
