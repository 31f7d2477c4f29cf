package io.thunderline.upm.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "thunderline.upm")
public interface UpmConfig {
    /** The feature flag (unified_model in the guide) at start; an admin may flip it at run time (PUT /upm/enabled). */
    @WithDefault("true")
    boolean enabled();

    /** How often upm.status is published even when nothing changed. */
    @WithDefault("5s")
    Duration statusInterval();

    Trainer trainer();

    Snapshots snapshots();

    Drift drift();

    Adapters adapters();

    Agents agents();

    interface Trainer {
        /** AdaGrad base learning rate of the online softmax. */
        @WithDefault("0.5")
        double learningRate();

        /**
         * Class slots per family. The label vocabulary grows into them; weights keep this shape for the family's life
         * (a family's capacity is fixed when its first window arrives).
         */
        @WithDefault("16")
        int labelCapacity();

        /** How often trainers look for pending windows besides being woken by the consumer. */
        @WithDefault("1s")
        Duration pollInterval();

        /** A trainer that applied a window within this long counts as active. */
        @WithDefault("1m")
        Duration activeWindow();
    }

    interface Snapshots {
        /** A snapshot every this many applied windows. */
        @WithDefault("8")
        int everyWindows();

        /** Rows of the rolling holdout (progressive validation) a snapshot's metrics cover. */
        @WithDefault("512")
        int holdoutRows();

        /** snapshot weights compression: zstd or gzip. */
        @WithDefault("zstd")
        String compression();

        /** Snapshots older than this are archived (weights dropped), except the active one and the last keep-last. */
        @WithDefault("30d")
        Duration retention();

        @WithDefault("10")
        int keepLast();

        @WithDefault("1h")
        Duration retentionCheck();

        /** The first retention check comes this long after start (SnapshotRetention's schedule reads it). */
        @WithDefault("1m")
        Duration retentionDelay();

        /**
         * Rehearse a snapshot at start, so the first real snapshot does not run cold: its in-memory work on a scratch
         * model of the default feature space (0.3-0.8 s on 2 cores) and its database work in a transaction that is
         * rolled back. Off where a faster start matters more.
         */
        @WithDefault("true")
        boolean rehearseAtStart();
    }

    interface Drift {
        /** A candidate whose p95 |p_candidate - p_active| is over this is quarantined. */
        @WithDefault("0.2")
        double threshold();

        /** PSI over this marks the report "warn" (PSI < 0.1 stable, > 0.2 significant). */
        @WithDefault("0.2")
        double psiWarn();

        /** Recent rows scored by both models. */
        @WithDefault("256")
        int samples();
    }

    interface Adapters {
        /** adapter payload compression: zstd or gzip. */
        @WithDefault("zstd")
        String compression();

        /** upm.adapters max.message.bytes set at start (a full 2^18 x 16 model is 16 MiB before compression). */
        @WithDefault("52428800")
        int maxMessageBytes();

        /** Set the topic's max.message.bytes at start (off where the topic is managed elsewhere, e.g. Strimzi). */
        @WithDefault("true")
        boolean configureTopic();

        /**
         * A compressed adapter larger than this is not carried in the event: the event names a fetch URL and the bytes
         * are served by upm-service (GET /upm/adapters/{family}/{version}/payload), so the outbox and the topic carry
         * small rows. Agents check the fetched bytes against the event's checksum.
         */
        @WithDefault("262144")
        int inlineMaxBytes();

        /**
         * Where agents reach this service: the start of every fetch URL (application.properties: this host on
         * quarkus.http.port; a cluster sets http://upm-service:8083).
         */
        @WithDefault("http://localhost:8083")
        String publicBaseUrl();
    }

    interface Agents {
        /**
         * An agent not heard from (ack or heartbeat) for this long is forgotten: it no longer counts in agents total.
         * Until then an agent that stopped answering counts as offline.
         */
        @WithDefault("1h")
        Duration ttl();

        /**
         * An agent not heard from for this long is shown offline (agents heartbeat every 10 s by default, so this is
         * three missed heartbeats). The panel shows it within this time plus one status interval.
         */
        @WithDefault("30s")
        Duration offlineAfter();

        /** At most this many agents are listed in upm.status (all are counted). */
        @WithDefault("50")
        int listed();
    }
}
