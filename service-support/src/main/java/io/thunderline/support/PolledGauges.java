package io.thunderline.support;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges whose values come from a periodic query rather than from each scrape: {@link #set} stores the latest value,
 * a scrape reads it. A gauge not yet known (before the first refresh, or after a failed one) reads NaN, never a made-up
 * zero.
 */
public final class PolledGauges {
    private final MeterRegistry registry;
    private final Map<String, Double> values = new ConcurrentHashMap<>();

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

    private static String key(String name, String... tags) {
        return name + "|" + String.join("|", tags);
    }
}
