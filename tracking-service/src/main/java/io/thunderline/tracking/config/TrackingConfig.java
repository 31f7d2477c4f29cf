package io.thunderline.tracking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How tracking-service deals with jobs it learns about. */
@ConfigMapping(prefix = "thunderline.tracking")
public interface TrackingConfig {
    /**
     * How long a job's updates wait for its training request before trainer-service is asked about the job instead
     * (the request and the updates travel on different topics, so updates may come first).
     */
    @WithDefault("30s")
    Duration requestWait();

    /** Most jobs in one comparison. */
    @WithDefault("20")
    int maxCompared();

    /**
     * Mirror upm.snapshots into MLflow (an experiment per family, a run per snapshot version). Off: snapshots are
     * still recorded and listed by GET /upm-runs, but nothing is sent to MLflow.
     */
    @WithDefault("true")
    boolean mirrorUpmSnapshots();
}
