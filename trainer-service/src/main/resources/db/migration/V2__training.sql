ALTER TABLE jobs ADD COLUMN last_log_seq BIGINT NOT NULL DEFAULT -1;
ALTER TABLE jobs ADD COLUMN cloned_from TEXT;

-- One row per trial of a job's architecture search (latest attempt wins).
CREATE TABLE trials (
    job_id       TEXT NOT NULL REFERENCES jobs (id),
    trial        INT NOT NULL,
    architecture TEXT NOT NULL,
    best_epoch   INT,
    metrics      JSONB NOT NULL DEFAULT '{}',
    millis       BIGINT,
    PRIMARY KEY (job_id, trial)
);

CREATE TABLE job_logs (
    job_id TEXT NOT NULL REFERENCES jobs (id),
    seq    BIGINT NOT NULL,
    level  TEXT NOT NULL,
    line   TEXT NOT NULL,
    at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, seq)
);

-- The trained model of a completed job, in ml-core's checksummed model-file format.
CREATE TABLE models (
    job_id     TEXT PRIMARY KEY REFERENCES jobs (id),
    kind       TEXT NOT NULL,                -- classifier | language_model
    bytes      BYTEA NOT NULL,
    sha256     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
