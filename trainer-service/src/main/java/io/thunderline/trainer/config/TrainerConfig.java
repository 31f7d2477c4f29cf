package io.thunderline.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "thunderline.trainer")
public interface TrainerConfig {
    Queue queue();

    SearchSettings search();

    /** Rows per upm.feature-windows message when a job has UPM on. */
    @WithDefault("256")
    int featureWindowSize();

    Cerebros cerebros();

    Schedules schedules();

    /**
     * Where others reach this service (no trailing path): the completed job update's modelUrl is
     * {@code <public-url>/models/<jobId>/file}, so tracking (and anyone) fetches the model without asking for it.
     */
    @WithDefault("http://localhost:8082")
    String publicUrl();

    /** The remote Cerebros backend (ARCHITECTURE.md); without a URL phases 2-3 run in ml-core inside this service. */
    interface Cerebros {
        /** CEREBROS_URL, e.g. http://cerebros:8000; unset means the embedded engine. */
        java.util.Optional<String> url();

        /** How often a remote job's status is read. */
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("5s")
        Duration connectTimeout();

        /** One HTTP call; the CSV upload of a large dataset is the slowest. */
        @WithDefault("60s")
        Duration requestTimeout();

        /** First wait before a job that met an unreachable Cerebros is tried again; doubles while it stays down. */
        @WithDefault("10s")
        Duration unavailableBackoff();

        @WithDefault("5m")
        Duration unavailableBackoffMax();

        /** A job that has waited this long for an unreachable Cerebros fails (it is never dropped silently). */
        @WithDefault("24h")
        Duration giveUpAfter();

        /** Model-file format asked of Cerebros: phase 4 (held-out evaluation, predict) needs ml-core's format. */
        @WithDefault("thunderline-model")
        String checkpointFormat();
    }

    /** Cron schedules that rerun a dataset's latest version. */
    interface Schedules {
        /** How often each instance looks for due schedules. */
        @WithDefault("1s")
        Duration checkInterval();

        /** A cron that fires more often than this is refused (it would flood the queue). */
        @WithDefault("1m")
        Duration minInterval();
    }

    interface Queue {
        /** Jobs one instance runs at the same time. */
        @WithDefault("2")
        int concurrency();

        /** How often an idle worker looks for a job. */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How often a running job proves its worker is alive. */
        @WithDefault("2s")
        Duration heartbeatInterval();

        /** A running job silent this long is taken back (its worker died). */
        @WithDefault("30s")
        Duration heartbeatTimeout();

        @WithDefault("3")
        int maxAttempts();

        /** Wait before the second attempt; doubles per attempt, capped at a minute. */
        @WithDefault("2s")
        Duration retryBackoff();

        /**
         * How long an attempt waits for dataset-service to answer before it counts as failed. A restart of
         * dataset-service takes 10-30 s, longer than the three attempts' backoff (2 s, then 4 s): without this wait,
         * every job that came to load its dataset during a restart failed for good (ServiceKillChaosIT).
         */
        @WithDefault("60s")
        Duration datasetWait();
    }
}
