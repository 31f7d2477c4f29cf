package io.thunderline.dataset.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.thunderline.contracts.ModelType;
import io.thunderline.dataset.service.CreateOutcome;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;

/**
 * dataset-service's meters at /q/metrics: datasets and dataset versions stored by this pod, per model type, counted
 * once their transaction committed (a submission that repeated the latest version exactly stores nothing and counts
 * nothing).
 */
@Startup
@ApplicationScoped
public class DatasetMetrics {
    private final Map<ModelType, Counter> datasets = new EnumMap<>(ModelType.class);
    private final Map<ModelType, Counter> versions = new EnumMap<>(ModelType.class);

    public DatasetMetrics(MeterRegistry registry) {
        for (ModelType type : ModelType.values()) {
            datasets.put(type, Counter.builder("thunderline.datasets.created")
                    .description("new datasets stored (their first version)").tag("model_type", type.wireName())
                    .register(registry));
            versions.put(type, Counter.builder("thunderline.dataset.versions.created")
                    .description("dataset versions stored, first versions included").tag("model_type", type.wireName())
                    .register(registry));
        }
    }

    /** Counts what a committed submission stored and hands its outcome on. */
    public CreateOutcome stored(CreateOutcome outcome) {
        if (outcome.created()) {
            ModelType type = ModelType.fromWire(outcome.version().modelType());
            versions.get(type).increment();
            if (outcome.version().version() == 1) {
                datasets.get(type).increment();
            }
        }
        return outcome;
    }
}
