package io.thunderline.ui.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.service.JobFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** training.job-updates → the job list in PostgreSQL and the live feed of open pages. */
@ApplicationScoped
public class JobUpdateConsumer {
    private final IdempotentConsumer consumer;
    private final JobViewRepository jobs;
    private final JobFeed feed;

    public JobUpdateConsumer(IdempotentConsumer consumer, JobViewRepository jobs, JobFeed feed) {
        this.consumer = consumer;
        this.jobs = jobs;
        this.feed = feed;
    }

    @Incoming("job-updates")
    public Uni<Void> onUpdate(Message<String> message) {
        return consumer.consume(message, JobUpdate.class, jobs::apply, feed::publish);
    }
}
