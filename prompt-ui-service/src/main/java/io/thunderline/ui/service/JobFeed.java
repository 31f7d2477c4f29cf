package io.thunderline.ui.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.thunderline.contracts.JobUpdate;
import jakarta.enterprise.context.ApplicationScoped;

/** Live job updates for every connected page (fed from Kafka once per instance, fanned out to SSE clients). */
@ApplicationScoped
public class JobFeed {
    private final BroadcastProcessor<JobUpdate> updates = BroadcastProcessor.create();

    public void publish(JobUpdate update) {
        updates.onNext(update);
    }

    public Multi<JobUpdate> updates() {
        return updates;
    }
}
