-- One MLflow run per tracked job; the job's latest update seen so far.
CREATE TABLE runs (
    job_id        TEXT PRIMARY KEY,
    status        TEXT NOT NULL,
    last_seq      BIGINT NOT NULL,
    experiment_id TEXT,
    run_id        TEXT,
    run_url       TEXT,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Operations waiting for MLflow (it may be down); replayed in seq order.
CREATE TABLE pending_mlflow_ops (
    seq        BIGSERIAL PRIMARY KEY,
    job_id     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    payload    JSONB NOT NULL,
    attempts   INT NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX pending_mlflow_ops_job ON pending_mlflow_ops (job_id, seq);
