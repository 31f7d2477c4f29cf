package io.thunderline.ui.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the page service. */
@ConfigMapping(prefix = "thunderline.ui")
public interface UiConfig {
    /** Name of this instance: its Kafka consumer group and its processed-message scope. */
    String instance();

    /** Longest training text the page accepts (the counter turns red above it). */
    @WithDefault("200000")
    int maxPromptChars();

    Stream stream();

    Status status();

    History history();

    /** Limits on failed sign-ins (security.LoginLimit). */
    Login login();

    /**
     * Failed sign-ins (form or HTTP Basic) per client address and user name: after {@code maxFailures} within
     * {@code window} further attempts for that pair are refused with 429 until the oldest of them leaves the window.
     */
    interface Login {
        /** Failed sign-ins within the window after which further attempts are refused. */
        @WithDefault("5")
        int maxFailures();

        /** How long a failed sign-in counts. */
        @WithDefault("5m")
        Duration window();

        /** Most client address / user name pairs remembered; beyond it the oldest pairs are forgotten first. */
        @WithDefault("100000")
        int maxTracked();
    }

    interface Stream {
        /** Events kept per instance so that a reconnecting page resumes from its Last-Event-ID. */
        @WithDefault("20000")
        int replaySize();

        /** A comment line this often keeps idle connections (and proxies) open. */
        @WithDefault("15s")
        Duration heartbeat();

        /** A client whose unsent bytes exceed this is cut off; it reconnects and resumes from the replay buffer. */
        @WithDefault("1048576")
        int maxPendingBytes();
    }

    /** Job updates are streamed first and stored behind (messaging.UpdateHistory). */
    interface History {
        /** Most updates written in one statement (whole polls: a larger poll is written alone). */
        @WithDefault("1000")
        int batchSize();

        /** Streamed updates waiting to be stored before the consumers wait for the database. */
        @WithDefault("5000")
        int maxPending();
    }

    interface Status {
        /** How often the health of the other services is checked. */
        @WithDefault("5s")
        Duration interval();

        /** A job queued longer than this, with no trainer heartbeat, means "No trainer running". */
        @WithDefault("30s")
        Duration queuedTooLong();

        /** A trainer worker whose last heartbeat is older than this is not running. */
        @WithDefault("30s")
        Duration heartbeatWithin();

        /** No UPM status (from Kafka or REST) for this long: the UPM panel shows "UPM disabled". */
        @WithDefault("30s")
        Duration upmSilence();
    }
}
