package io.thunderline.tracking.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.TrainingRequested;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.tracking.service.JobRecorder;
import io.thunderline.tracking.service.MlflowReplayer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * training.requests (own consumer group, next to trainer-service's) → what the run needs from the request: model type,
 * priority, use_upm, dataset and version, who asked, the prompt preview, and whether to track the job at all.
 */
@ApplicationScoped
public class TrainingRequestConsumer {
    private final IdempotentConsumer consumer;
    private final JobRecorder recorder;
    private final MlflowReplayer replayer;

    public TrainingRequestConsumer(IdempotentConsumer consumer, JobRecorder recorder, MlflowReplayer replayer) {
        this.consumer = consumer;
        this.recorder = recorder;
        this.replayer = replayer;
    }

    @Incoming("training-requests")
    public Uni<Void> onRequest(Message<String> message) {
        return consumer.consume(message, TrainingRequested.class, recorder::onRequest, request -> replayer.wakeUp());
    }
}
