package io.thunderline.ui.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.support.IdempotentBatchConsumer;
import io.thunderline.ui.repository.JobViewRepository;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * training.job-updates → the job list and chart points in PostgreSQL, then the live feed of the job's owner.
 * <p>
 * Consumed in batches (one transaction per poll): at a thousand updates a second, one transaction per update was the
 * bottleneck of the page's live stream. A poll holds each partition's records in order, and updates of a job share a
 * partition (keyed by job id), so each job's updates are still applied and published in order.
 */
@ApplicationScoped
public class JobUpdateConsumer {
    private final IdempotentBatchConsumer consumer;
    private final JobViewRepository jobs;
    private final LiveFeed feed;

    public JobUpdateConsumer(IdempotentBatchConsumer consumer, JobViewRepository jobs, LiveFeed feed) {
        this.consumer = consumer;
        this.jobs = jobs;
        this.feed = feed;
    }

    @Incoming("job-updates")
    public Uni<Void> onUpdates(KafkaRecordBatch<String, String> batch) {
        // the effect answers the job's owner: the feed tells only that user's pages
        return consumer.consume(batch, JobUpdate.class, jobs::apply, feed::jobUpdate);
    }
}
