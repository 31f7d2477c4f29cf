package io.thunderline.tracking.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.SnapshotEvent;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.tracking.service.MlflowReplayer;
import io.thunderline.tracking.service.SnapshotRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** upm.snapshots (own consumer group, next to the page's) → the snapshot's record and its pending MLflow operation. */
@ApplicationScoped
public class SnapshotConsumer {
    private final IdempotentConsumer consumer;
    private final SnapshotRecorder recorder;
    private final MlflowReplayer replayer;

    public SnapshotConsumer(IdempotentConsumer consumer, SnapshotRecorder recorder, MlflowReplayer replayer) {
        this.consumer = consumer;
        this.recorder = recorder;
        this.replayer = replayer;
    }

    @Incoming("upm-snapshots")
    public Uni<Void> onSnapshot(Message<String> message) {
        return consumer.consume(message, SnapshotEvent.class, recorder::onSnapshot, snapshot -> replayer.wakeUp());
    }
}
