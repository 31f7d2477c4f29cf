package io.thunderline.tracking.domain;

import io.thunderline.contracts.JobStatus;

/** MLflow run statuses, and the one each job status maps to. */
public enum RunState {
    SCHEDULED, RUNNING, FINISHED, FAILED, KILLED;

    public static RunState of(JobStatus status) {
        return switch (status) {
            case QUEUED -> SCHEDULED;
            case RUNNING -> RUNNING;
            case COMPLETED -> FINISHED;
            case FAILED -> FAILED;
            case CANCELLED -> KILLED;
        };
    }

    public boolean terminal() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }
}
