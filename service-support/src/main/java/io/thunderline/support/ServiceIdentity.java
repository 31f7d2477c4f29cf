package io.thunderline.support;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who this service is and where its tables live; shared by the outbox and the idempotent consumer. */
@ConfigMapping(prefix = "thunderline.service")
public interface ServiceIdentity {
    /** Short name, used as the CloudEvent source: /thunderline/&lt;name&gt;. */
    String name();

    /** The PostgreSQL schema holding this service's tables (also its Flyway schema). */
    String schema();

    Outbox outbox();

    interface Outbox {
        /** Most outbox rows published per relay round. */
        @WithDefault("500")
        int batchSize();

        /** Pause between relay rounds when the outbox is empty. */
        @WithDefault("100ms")
        java.time.Duration interval();
    }
}
