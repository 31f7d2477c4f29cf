package io.thunderline.upm.messaging;

import io.smallrye.mutiny.Uni;
import io.thunderline.contracts.FeatureWindow;
import io.thunderline.support.IdempotentConsumer;
import io.thunderline.upm.config.UpmConfig;
import io.thunderline.upm.repository.FamilyRepository;
import io.thunderline.upm.repository.WindowRepository;
import io.thunderline.upm.service.TrainerWorkers;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;

/**
 * upm.feature-windows → kept in PostgreSQL for the family's trainer, also while UPM is disabled. Each window is kept
 * once: by CloudEvent id (a redelivered message) and by window id (the same window sent again). New labels join the
 * family's vocabulary in the same transaction. A window that is not valid JSON, not a valid event, or does not fit
 * the learner (wrong family or feature space, too many labels) goes to upm.feature-windows.dlq with the reason.
 */
@ApplicationScoped
public class FeatureWindowConsumer {
    private final IdempotentConsumer consumer;
    private final WindowRepository windows;
    private final FamilyRepository families;
    private final TrainerWorkers workers;
    private final UpmConfig config;

    public FeatureWindowConsumer(IdempotentConsumer consumer, WindowRepository windows, FamilyRepository families,
                                 TrainerWorkers workers, UpmConfig config) {
        this.consumer = consumer;
        this.windows = windows;
        this.families = families;
        this.workers = workers;
        this.config = config;
    }

    @Incoming("feature-windows")
    public Uni<Void> onWindow(Message<String> message) {
        return consumer.consume(message, FeatureWindow.class, (tx, w) -> {
            WindowRules.check(w);
            List<String> labels = w.rows().stream().map(FeatureWindow.FeatureRow::label).distinct().toList();
            return families.ensure(tx, w.family(), w.featureSpec().hashDims(), config.trainer().labelCapacity())
                    .flatMap(v -> windows.keep(tx, w))
                    .flatMap(isNew -> isNew ? families.addLabels(tx, w.family(), labels) : Uni.createFrom().voidItem());
        }, w -> workers.worker(w.family()).wake());
    }
}
