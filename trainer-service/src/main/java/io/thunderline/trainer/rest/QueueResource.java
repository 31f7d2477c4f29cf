package io.thunderline.trainer.rest;

import io.smallrye.mutiny.Uni;
import io.thunderline.trainer.repository.JobRepository;
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
    private final JobRepository jobs;

    public QueueResource(JobRepository jobs) {
        this.jobs = jobs;
    }

    @GET
    public Uni<Map<String, Boolean>> state() {
        return jobs.paused().map(p -> Map.of("paused", p));
    }

    @POST
    @Path("/pause")
    public Uni<Map<String, Boolean>> pause() {
        return jobs.setPaused(true).flatMap(v -> state());
    }

    @POST
    @Path("/resume")
    public Uni<Map<String, Boolean>> resume() {
        return jobs.setPaused(false).flatMap(v -> state());
    }
}
