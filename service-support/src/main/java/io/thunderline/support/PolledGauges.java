package io.thunderline.support;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Gauges whose values come from a periodic query rather than from each scrape: {@link #set} stores the latest value,
 * a scrape reads it. A gauge not yet known (before the first refresh, or after a failed one) reads NaN, never a made-up
 * zero. {@link #refresh} runs the query that sets them.
 */
public final class PolledGauges {
    private static final Logger LOG = Logger.getLogger(PolledGauges.class);

    private final MeterRegistry registry;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public PolledGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers a gauge {@code name} with the given tags (key, value, key, value...); it reads NaN until set. */
    public void register(String name, String description, String baseUnit, String... tags) {
        String key = key(name, tags);
        values.putIfAbsent(key, Double.NaN);
        Gauge.builder(name, values, v -> v.getOrDefault(key, Double.NaN))
                .description(description)
                .baseUnit(baseUnit)
                .tags(Tags.of(tags))
                .strongReference(true)
                .register(registry);
    }

    public void set(String name, double value, String... tags) {
        values.put(key(name, tags), value);
    }

    /** Marks every value unknown (the query that feeds them failed). */
    public void unknown() {
        values.replaceAll((k, v) -> Double.NaN);
    }

    /**
     * One refresh: runs {@code query} (which sets the values) unless {@link #stop stopped}. If it fails, every value
     * becomes unknown and "cannot refresh {@code what}" is logged (not once stopping: the data source is closing).
     */
    public Uni<Void> refresh(String what, Supplier<Uni<?>> query) {
        if (stopped) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(query).replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    if (!stopped) {
                        LOG.warnf("cannot refresh %s: %s", what, e.toString());
                    }
                    unknown();
                    return Uni.createFrom().voidItem();
                });
    }

    /** The service is shutting down (its pool closes): no refresh and no warning from now on. */
    public void stop() {
        stopped = true;
    }

    private static String key(String name, String... tags) {
        return name + "|" + String.join("|", tags);
    }
}
