package io.thunderline.contracts;

import java.time.Instant;

/** training.job-logs: one log line of a job, streamed to the page. */
public record JobLog(int schemaVersion, String jobId, long seq, String level, String line, Instant at) {
    public JobLog {
        Require.schemaVersion(schemaVersion);
        Require.present(jobId, "jobId");
        Require.atLeast(seq, 0, "seq");
        level = level == null ? "INFO" : level;
        Require.present(line, "line");
        Require.present(at, "at");
    }
}
