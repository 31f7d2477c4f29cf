package io.thunderline.tracking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How tracking-service deals with jobs it learns about. */
@ConfigMapping(prefix = "thunderline.tracking")
public interface TrackingConfig {
    /** Most jobs in one comparison. */
    @WithDefault("20")
    int maxCompared();

    /**
     * Mirror upm.snapshots into MLflow (an experiment per family, a run per snapshot version). Off: snapshots are
     * still recorded and listed by GET /upm-runs, but nothing is sent to MLflow.
     */
    @WithDefault("true")
    boolean mirrorUpmSnapshots();

    ModelFetch modelFetch();

    /** GET of a completed job's modelUrl (the replayer's thread waits for it, so it is bounded). */
    interface ModelFetch {
        @WithDefault("2s")
        Duration connectTimeout();

        /** Longest wait for the whole file; a slower server counts as unavailable and the upload is retried. */
        @WithDefault("60s")
        Duration timeout();

        /**
         * trainer-service's address, as its {@code thunderline.trainer.public-url}: tracking-service sends its service
         * token only to a modelUrl of this origin (scheme, host, port) and fetches nothing elsewhere, so a forged
         * update cannot make it hand the token to another server. {@code :*} as the port admits every port of that
         * host (tests, whose services take free ports).
         */
        @WithDefault("http://localhost:8082")
        String trainerUrl();
    }
}
