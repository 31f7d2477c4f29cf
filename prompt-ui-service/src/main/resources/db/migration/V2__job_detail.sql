-- What a job's page needs without asking the trainer: the submission's options, the MLflow run, every update
-- (the charts' points) and every log line, as they came from Kafka.
ALTER TABLE job_view
    ADD COLUMN dataset_version INT,
    ADD COLUMN use_upm         BOOLEAN,
    ADD COLUMN track_mlflow    BOOLEAN,
    ADD COLUMN prompt_preview  TEXT,
    ADD COLUMN mlflow_run_id   TEXT,
    ADD COLUMN mlflow_state    TEXT;
CREATE INDEX job_view_owner ON job_view (created_by, submitted_at DESC);
CREATE INDEX job_view_status ON job_view (status, submitted_at);

CREATE TABLE job_update (
    job_id   TEXT NOT NULL,
    seq      BIGINT NOT NULL,
    status   TEXT NOT NULL,
    phase    SMALLINT,
    trial    INT,
    epoch    INT,
    metrics  JSONB NOT NULL DEFAULT '{}',
    params   JSONB NOT NULL DEFAULT '{}',
    message  TEXT,
    at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, seq)
);

CREATE TABLE job_log (
    job_id TEXT NOT NULL,
    seq    BIGINT NOT NULL,
    level  TEXT NOT NULL,
    line   TEXT NOT NULL,
    at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- The UPM panel: the last status and the last drift report per model family.
CREATE TABLE upm_status (
    id       SMALLINT PRIMARY KEY CHECK (id = 1),
    body     JSONB NOT NULL,
    at       TIMESTAMPTZ NOT NULL
);
CREATE TABLE upm_drift (
    family   TEXT PRIMARY KEY,
    version  BIGINT NOT NULL,
    body     JSONB NOT NULL,
    at       TIMESTAMPTZ NOT NULL
);
