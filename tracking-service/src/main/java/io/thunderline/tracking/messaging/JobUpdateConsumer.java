package io.thunderline.tracking.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.JobUpdate;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.tracking.service.JobRecorder;
import io.thunderline.tracking.service.MlflowReplayer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** training.job-updates → the job's run record and its pending MLflow operations. */
@ApplicationScoped
public class JobUpdateConsumer {
    private final IdempotentConsumer consumer;
    private final JobRecorder recorder;
    private final MlflowReplayer replayer;

    public JobUpdateConsumer(IdempotentConsumer consumer, JobRecorder recorder, MlflowReplayer replayer) {
        this.consumer = consumer;
        this.recorder = recorder;
        this.replayer = replayer;
    }

    @Incoming("job-updates")
    public Uni<Void> onUpdate(Message<String> message) {
        return consumer.consume(message, JobUpdate.class, recorder::onUpdate, update -> replayer.wakeUp());
    }
}
