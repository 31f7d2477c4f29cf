package io.thunderline.upm.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.upm.repository.WindowRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** upm.feature-windows → kept in PostgreSQL for the online trainer (kept also while UPM is disabled). */
@ApplicationScoped
public class FeatureWindowConsumer {
    private final IdempotentConsumer consumer;
    private final WindowRepository windows;

    public FeatureWindowConsumer(IdempotentConsumer consumer, WindowRepository windows) {
        this.consumer = consumer;
        this.windows = windows;
    }

    @Incoming("feature-windows")
    public Uni<Void> onWindow(Message<String> message) {
        return consumer.consume(message, FeatureWindow.class, (tx, w) -> windows.keep(tx, w).replaceWithVoid());
    }
}
