package io.thunderline.contracts;

import java.time.Instant;

/** tracking.runs: where a job's MLflow run lives, so the page can link to it. */
public record TrackingRun(int schemaVersion, String jobId, String experimentId, String runId, String runUrl,
                          String state, Instant at) {
    public TrackingRun {
        Require.schemaVersion(schemaVersion);
        Require.present(jobId, "jobId");
        Require.present(experimentId, "experimentId");
        Require.present(runId, "runId");
        Require.present(runUrl, "runUrl");
        Require.present(state, "state");
        Require.present(at, "at");
    }
}
