package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.repository.QueueStats;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {
    private final QueueStats stats;

    public WorkerResource(QueueStats stats) {
        this.stats = stats;
    }

    /** Every worker of every instance with its last heartbeat. */
    @GET
    public Uni<List<QueueStats.Worker>> workers() {
        return stats.workers();
    }
}
