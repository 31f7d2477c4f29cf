package io.thunderline.tracking.rest;

import io.thunderline.tracking.domain.RunRow;

/**
 * GET /runs/{jobId}. {@code state} is the MLflow run status (SCHEDULED, RUNNING, FINISHED, FAILED, KILLED), PENDING while
 * the run waits to be created (MLflow unavailable, or the job's request not seen yet) and UNTRACKED for a job submitted
 * with MLflow tracking off; runUrl is null unless there is a run to link to.
 */
public record RunView(String jobId, String experimentId, String runId, String runUrl, String state, String jobStatus,
                      Boolean trackMlflow, long pendingOperations) {

    public static final String PENDING = "PENDING";
    public static final String UNTRACKED = "UNTRACKED";

    static RunView of(RunRow run, long pending) {
        String state = Boolean.FALSE.equals(run.trackMlflow()) ? UNTRACKED
                : run.hasRun() && run.runState() != null ? run.runState() : PENDING;
        return new RunView(run.jobId(), run.experimentId(), run.runId(), run.runUrl(), state, run.status(),
                run.trackMlflow(), pending);
    }
}
