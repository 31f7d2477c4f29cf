package io.thunderline.ui.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.ui.client.TrainerApi;
import io.thunderline.ui.client.TrainerClient;
import io.thunderline.ui.security.Viewer;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * The admin dashboard's JSON calls. A class of its own under /api/admin: JAX-RS picks the resource class by the
 * longest matching class path first, so these methods in a class at "/" were shadowed by the one at "/api" (404).
 */
@Path("/api/admin")
@RolesAllowed(Viewer.ADMIN_ROLE)
@Produces(MediaType.APPLICATION_JSON)
public class AdminApiResource {
    private final TrainerClient trainer;
    private final LiveFeed feed;

    public AdminApiResource(TrainerClient trainer, LiveFeed feed) {
        this.trainer = trainer;
        this.feed = feed;
    }

    /** The counts, for the dashboard's live refresh. */
    @GET
    @Path("/stats")
    public Uni<TrainerApi.Stats> stats() {
        return trainer.stats();
    }

    /** Live stream figures, for operations and the fan-out benchmark. */
    @GET
    @Path("/stream")
    public Map<String, Object> stream() {
        Runtime rt = Runtime.getRuntime();
        return Map.of("connections", feed.connections(), "position", feed.position(),
                "heapUsedBytes", rt.totalMemory() - rt.freeMemory());
    }
}
