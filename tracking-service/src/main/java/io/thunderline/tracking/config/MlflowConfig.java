package io.thunderline.tracking.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Where MLflow answers, how the page links to it, and how patiently we talk to it. */
@ConfigMapping(prefix = "thunderline.mlflow")
public interface MlflowConfig {
    /** Tracking server base URL (MLFLOW_TRACKING_URI in production, set by the test resource in tests). */
    String url();

    /** Base URL of the MLflow UI for run links, when people reach it elsewhere than {@link #url()}. */
    Optional<String> uiUrl();

    /** Experiments are named prefix + model type, e.g. thunderline-text_classification. */
    @WithDefault("thunderline-")
    String experimentPrefix();

    @WithDefault("2s")
    Duration connectTimeout();

    /** Longest wait for one MLflow answer: a slow MLflow counts as unavailable after this. */
    @WithDefault("10s")
    Duration requestTimeout();

    Replay replay();

    interface Replay {
        /** Pause between replay rounds when nothing is waiting. */
        @WithDefault("250ms")
        Duration interval();

        /** Most jobs looked at per round. */
        @WithDefault("50")
        int jobsPerRound();

        /** Most operations of one job replayed per round. */
        @WithDefault("100")
        int opsPerJob();

        /** First wait after MLflow failed; doubles per failure up to {@link #maxBackoff()}. */
        @WithDefault("500ms")
        Duration minBackoff();

        @WithDefault("15s")
        Duration maxBackoff();
    }

    /** The UI base without a trailing slash. */
    default String uiBase() {
        String base = uiUrl().filter(s -> !s.isBlank()).orElse(url());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    default String apiBase() {
        return url().endsWith("/") ? url().substring(0, url().length() - 1) : url();
    }
}
