package io.thunderline.trainer.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.trainer.queue.JobQueue;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** training.requests → a queued job. */
@ApplicationScoped
public class TrainingRequestConsumer {
    private final IdempotentConsumer consumer;
    private final JobQueue queue;

    public TrainingRequestConsumer(IdempotentConsumer consumer, JobQueue queue) {
        this.consumer = consumer;
        this.queue = queue;
    }

    @Incoming("training-requests")
    public Uni<Void> onRequest(Message<String> message) {
        return consumer.consume(message, TrainingRequested.class, queue::enqueue);
    }
}
