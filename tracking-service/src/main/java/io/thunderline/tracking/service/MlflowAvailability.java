package io.thunderline.tracking.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * What the last contact with MLflow said. The replayer writes it; the health check and the status endpoint read it.
 */
@ApplicationScoped
public class MlflowAvailability {
    private volatile boolean failing;
    private volatile String lastError;
    private volatile Instant since = Instant.now();
    private volatile int consecutiveFailures;

    public void reachable() {
        if (failing) {
            since = Instant.now();
        }
        failing = false;
        consecutiveFailures = 0;
    }

    public void unreachable(String error) {
        if (!failing) {
            since = Instant.now();
        }
        failing = true;
        lastError = error;
        consecutiveFailures++;
    }

    public boolean failing() {
        return failing;
    }

    public String lastError() {
        return lastError;
    }

    public Instant since() {
        return since;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }
}
