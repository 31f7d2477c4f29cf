package io.thunderline.ui.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.DriftReport;
import io.thunderline.contracts.UpmStatus;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.ui.repository.UpmRepository;
import io.thunderline.ui.service.SystemStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** upm.status and upm.drift → the UPM panel of every open page. */
@ApplicationScoped
public class UpmConsumer {
    private final IdempotentConsumer consumer;
    private final UpmRepository upm;
    private final SystemStatus status;

    public UpmConsumer(IdempotentConsumer consumer, UpmRepository upm, SystemStatus status) {
        this.consumer = consumer;
        this.upm = upm;
        this.status = status;
    }

    @Incoming("upm-status")
    public Uni<Void> onStatus(Message<String> message) {
        return consumer.consume(message, UpmStatus.class, upm::saveStatus, status::upmStatus);
    }

    @Incoming("upm-drift")
    public Uni<Void> onDrift(Message<String> message) {
        return consumer.consume(message, DriftReport.class, upm::saveDrift, status::drift);
    }
}
