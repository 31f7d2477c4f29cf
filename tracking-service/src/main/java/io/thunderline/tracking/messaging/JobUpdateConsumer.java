package io.thunderline.tracking.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.tracking.repository.RunRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** training.job-updates → the job's run record (mirrored to MLflow). */
@ApplicationScoped
public class JobUpdateConsumer {
    private final IdempotentConsumer consumer;
    private final RunRepository runs;

    public JobUpdateConsumer(IdempotentConsumer consumer, RunRepository runs) {
        this.consumer = consumer;
        this.runs = runs;
    }

    @Incoming("job-updates")
    public Uni<Void> onUpdate(Message<String> message) {
        return consumer.consume(message, JobUpdate.class, runs::recordUpdate);
    }
}
