package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.queue.JobQueue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

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
    public Uni<Map<String, Boolean>> state() {
        return queue.paused().map(QueueResource::state);
    }

    @POST
    @Path("/pause")
    public Uni<Map<String, Boolean>> pause() {
        return queue.setPaused(true).map(QueueResource::state);
    }

    @POST
    @Path("/resume")
    public Uni<Map<String, Boolean>> resume() {
        return queue.setPaused(false).map(QueueResource::state);
    }

    private static Map<String, Boolean> state(boolean paused) {
        return Map.of("paused", paused);
    }
}
