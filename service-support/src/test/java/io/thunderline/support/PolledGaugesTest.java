package io.thunderline.support;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PolledGaugesTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PolledGauges gauges = new PolledGauges(registry);

    private double read() {
        return registry.get("t.depth").tag("priority", "high").gauge().value();
    }

    @Test
    void aRefreshSetsValuesAFailedOneMakesThemUnknownAndAStoppedOneRunsNothing() {
        gauges.register("t.depth", "test gauge", null, "priority", "high");
        assertThat(read()).isNaN();

        gauges.refresh("test gauges", () -> Uni.createFrom().item(1).invoke(() -> gauges.set("t.depth", 7, "priority", "high")))
                .await().atMost(Duration.ofSeconds(5));
        assertThat(read()).isEqualTo(7.0);

        gauges.refresh("test gauges", () -> Uni.createFrom().failure(new IllegalStateException("database gone")))
                .await().atMost(Duration.ofSeconds(5));
        assertThat(read()).isNaN();

        AtomicInteger queries = new AtomicInteger();
        gauges.stop();
        gauges.refresh("test gauges", () -> Uni.createFrom().item(queries.incrementAndGet()))
                .await().atMost(Duration.ofSeconds(5));
        assertThat(queries).hasValue(0);
    }
}
