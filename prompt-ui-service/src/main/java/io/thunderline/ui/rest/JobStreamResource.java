package io.thunderline.ui.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.EventCodec;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.service.JobFeed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.core.Context;

import java.util.List;

@Path("/api/jobs")
public class JobStreamResource {
    private final JobFeed feed;
    private final JobViewRepository jobs;

    public JobStreamResource(JobFeed feed, JobViewRepository jobs) {
        this.feed = feed;
        this.jobs = jobs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<JobViewRepository.JobView>> recent(@QueryParam("limit") @DefaultValue("20") int limit) {
        return jobs.recent(Math.min(Math.max(limit, 1), 200));
    }

    /** Server-sent events: one "job-update" event per update; the event id is jobId:seq. */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        return feed.updates().map(u -> sse.newEventBuilder()
                .id(u.jobId() + ":" + u.seq())
                .name("job-update")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(EventCodec.toJson(u))
                .build());
    }
}
