-- What the job's training request said (or, when it never came, what trainer-service answered for the job).
-- track_mlflow stays NULL until one of them is known: operations of such a job wait in pending_mlflow_ops.
ALTER TABLE runs
    ADD COLUMN track_mlflow    BOOLEAN,
    ADD COLUMN model_type      TEXT,
    ADD COLUMN priority        TEXT,
    ADD COLUMN use_upm         BOOLEAN,
    ADD COLUMN dataset_id      TEXT,
    ADD COLUMN dataset_version INT,
    ADD COLUMN created_by      TEXT,
    ADD COLUMN prompt_preview  TEXT,
    ADD COLUMN requested_at    TIMESTAMPTZ,
    ADD COLUMN artifact_uri    TEXT,
    -- the MLflow run status last written to MLflow (SCHEDULED, RUNNING, FINISHED, FAILED, KILLED)
    ADD COLUMN run_state       TEXT,
    ADD COLUMN first_seen_at   TIMESTAMPTZ NOT NULL DEFAULT now();

-- Every job update seen, once per (job, seq): the duplicate filter and the source of comparison and export.
CREATE TABLE job_updates (
    job_id     TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    status     TEXT NOT NULL,
    phase      SMALLINT,
    trial      INT,
    epoch      INT,
    message    TEXT,
    at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, seq)
);

-- Metric points under their MLflow names and steps (see MetricNaming), one per update and name.
CREATE TABLE run_metrics (
    job_id    TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    key       TEXT NOT NULL,
    step      BIGINT NOT NULL,
    value     DOUBLE PRECISION NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, seq, key)
);
CREATE INDEX run_metrics_series ON run_metrics (job_id, key, step, seq);

-- Parameters: the latest value, and the first one (MLflow params cannot change; later values go up as tags).
CREATE TABLE run_params (
    job_id      TEXT NOT NULL,
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    first_value TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    PRIMARY KEY (job_id, key)
);

-- Operations replay per job in seq order; one op per (job, op_key) so re-enqueuing is a no-op.
ALTER TABLE pending_mlflow_ops
    ADD COLUMN op_key          TEXT,
    ADD COLUMN next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- set when MLflow refused the operation for good (a 4xx): kept for inspection, no longer blocks the job
    ADD COLUMN failed_at       TIMESTAMPTZ;
UPDATE pending_mlflow_ops SET op_key = kind || ':' || seq WHERE op_key IS NULL;
ALTER TABLE pending_mlflow_ops ALTER COLUMN op_key SET NOT NULL;
CREATE UNIQUE INDEX pending_mlflow_ops_key ON pending_mlflow_ops (job_id, op_key);
CREATE INDEX pending_mlflow_ops_due ON pending_mlflow_ops (seq) WHERE failed_at IS NULL;
