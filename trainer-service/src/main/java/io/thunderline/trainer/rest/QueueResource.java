package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.queue.JobQueue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.thunderline.support.identity.Caller;

import java.util.Map;

/** Pause and resume the whole queue (every instance): jobs still arrive, none is claimed while paused. */
@Path("/queue")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {
    private final JobQueue queue;

    public QueueResource(JobQueue queue) {
        this.queue = queue;
    }

    @GET
    public Uni<Map<String, Boolean>> state(@Context SecurityContext security) {
        Ownership.statusReader(Caller.of(security));
        return queue.paused().map(QueueResource::state);
    }

    @POST
    @Path("/pause")
    public Uni<Map<String, Boolean>> pause(@Context SecurityContext security) {
        Ownership.admin(Caller.of(security));
        return queue.setPaused(true).map(QueueResource::state);
    }

    @POST
    @Path("/resume")
    public Uni<Map<String, Boolean>> resume(@Context SecurityContext security) {
        Ownership.admin(Caller.of(security));
        return queue.setPaused(false).map(QueueResource::state);
    }

    private static Map<String, Boolean> state(boolean paused) {
        return Map.of("paused", paused);
    }
}
