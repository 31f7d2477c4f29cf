-- Remote Cerebros backend: which remote job a queued/running job belongs to, how far its progress was read, and
-- since when Cerebros could not be reached (such waits do not use up attempts; see JobQueue.waitForCerebros).
ALTER TABLE jobs ADD COLUMN remote_job_id TEXT;
ALTER TABLE jobs ADD COLUMN remote_cursor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN cerebros_waiting_since TIMESTAMPTZ;
ALTER TABLE jobs ADD COLUMN cerebros_unavailable_count INT NOT NULL DEFAULT 0;

-- Scheduled training (the guide's "Scheduled Training"): a cron reruns a dataset's latest version.
CREATE TABLE schedules (
    id           TEXT PRIMARY KEY,
    dataset_id   TEXT NOT NULL,
    model_type   TEXT NOT NULL,
    cron         TEXT NOT NULL,
    priority     SMALLINT NOT NULL,
    use_upm      BOOLEAN NOT NULL,
    track_mlflow BOOLEAN NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    enabled      BOOLEAN NOT NULL DEFAULT true,
    next_run_at  TIMESTAMPTZ NOT NULL,          -- the next due time; moved forward by whoever fires it
    last_run_at  TIMESTAMPTZ,                   -- the due time of the last firing
    last_job_id  TEXT,
    last_error   TEXT,
    runs         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX schedules_due ON schedules (next_run_at) WHERE enabled;
