package io.thunderline.ui.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.thunderline.ui.stream.LiveFeed;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * prompt-ui-service's meters at /q/metrics: the open SSE connections of this pod (pages and the admin view watching
 * jobs live), read from the live feed at each scrape (an in-memory count, no query).
 */
@Startup
@ApplicationScoped
public class UiMetrics {
    public UiMetrics(MeterRegistry registry, LiveFeed feed) {
        Gauge.builder("thunderline.sse.clients", feed, LiveFeed::connections)
                .description("open server-sent-event connections of this pod")
                .strongReference(true)
                .register(registry);
    }
}
