package io.thunderline.ui.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.atomic.AtomicReference;

/** training.job-updates → the job list and chart points in PostgreSQL, then the live feed of the job's owner. */
@ApplicationScoped
public class JobUpdateConsumer {
    private final IdempotentConsumer consumer;
    private final JobViewRepository jobs;
    private final LiveFeed feed;

    public JobUpdateConsumer(IdempotentConsumer consumer, JobViewRepository jobs, LiveFeed feed) {
        this.consumer = consumer;
        this.jobs = jobs;
        this.feed = feed;
    }

    @Incoming("job-updates")
    public Uni<Void> onUpdate(Message<String> message) {
        AtomicReference<String> owner = new AtomicReference<>();
        return consumer.consume(message, JobUpdate.class,
                (tx, update) -> jobs.apply(tx, update).invoke(owner::set).replaceWithVoid(),
                update -> feed.jobUpdate(update, owner.get()));
    }
}
