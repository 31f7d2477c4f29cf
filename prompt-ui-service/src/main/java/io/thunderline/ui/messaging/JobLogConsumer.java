package io.thunderline.ui.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobLog;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.concurrent.atomic.AtomicReference;

/** training.job-logs → the job's log in PostgreSQL, then the pages showing that job. */
@ApplicationScoped
public class JobLogConsumer {
    private final IdempotentConsumer consumer;
    private final JobViewRepository jobs;
    private final LiveFeed feed;

    public JobLogConsumer(IdempotentConsumer consumer, JobViewRepository jobs, LiveFeed feed) {
        this.consumer = consumer;
        this.jobs = jobs;
        this.feed = feed;
    }

    @Incoming("job-logs")
    public Uni<Void> onLog(Message<String> message) {
        AtomicReference<String> owner = new AtomicReference<>();
        return consumer.consume(message, JobLog.class,
                (tx, log) -> jobs.appendLog(tx, log).invoke(owner::set).replaceWithVoid(),
                log -> feed.jobLog(log, owner.get()));
    }
}
