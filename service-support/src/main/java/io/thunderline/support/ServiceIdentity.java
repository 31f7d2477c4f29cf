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

        /**
         * How long a published row is kept (for looking into what went out) before {@link Retention} deletes it;
         * unpublished rows are never deleted.
         */
        @WithDefault("1h")
        java.time.Duration retention();
    }

    ProcessedMessages processedMessages();

    interface ProcessedMessages {
        /**
         * How long a processed message id is kept. A message older than this can only come again if a consumer group
         * was gone longer than Kafka keeps its offsets (offsets.retention.minutes, 7 days by default) and re-reads
         * from the earliest record.
         */
        @WithDefault("7d")
        java.time.Duration retention();
    }

    RetentionSettings retention();

    interface RetentionSettings {
        /** Most rows one DELETE removes; a full batch is followed by another until less than a batch is left. */
        @WithDefault("1000")
        int batchSize();

        /** Pause between retention rounds (read by {@link Retention}'s schedule). */
        @WithDefault("5m")
        java.time.Duration interval();
    }
}
