package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.queue.JobQueries;
import io.thunderline.trainer.repository.QueueStats;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

import java.util.List;

@Path("/workers")
@Produces(MediaType.APPLICATION_JSON)
public class WorkerResource {
    private final JobQueries queries;

    public WorkerResource(JobQueries queries) {
        this.queries = queries;
    }

    /** Every worker of every instance with its last heartbeat. */
    @GET
    public Uni<List<QueueStats.Worker>> workers(@Context SecurityContext security) {
        Ownership.statusReader(Caller.of(security));
        return queries.workers();
    }
}
