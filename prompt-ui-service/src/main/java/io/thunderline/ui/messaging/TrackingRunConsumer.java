package io.thunderline.ui.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.TrackingRun;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.atomic.AtomicReference;

/** tracking.runs → the job's MLflow link, shown live in the job list and on the job's page. */
@ApplicationScoped
public class TrackingRunConsumer {
    private final IdempotentConsumer consumer;
    private final JobViewRepository jobs;
    private final LiveFeed feed;

    public TrackingRunConsumer(IdempotentConsumer consumer, JobViewRepository jobs, LiveFeed feed) {
        this.consumer = consumer;
        this.jobs = jobs;
        this.feed = feed;
    }

    @Incoming("tracking-runs")
    public Uni<Void> onRun(Message<String> message) {
        AtomicReference<String> owner = new AtomicReference<>();
        return consumer.consume(message, TrackingRun.class,
                (tx, run) -> jobs.applyRun(tx, run).invoke(owner::set).replaceWithVoid(),
                run -> feed.jobRun(run, owner.get()));
    }
}
