-- The durable training queue (what Oban's cerebros_training queue was).
CREATE TABLE jobs (
    id              TEXT PRIMARY KEY,
    dataset_id      TEXT NOT NULL,
    dataset_version INT NOT NULL,
    model_type      TEXT NOT NULL,
    priority        SMALLINT NOT NULL,          -- 2 high, 1 normal, 0 low: ORDER BY priority DESC
    status          TEXT NOT NULL,
    phase           SMALLINT,
    attempts        INT NOT NULL DEFAULT 0,
    max_attempts    INT NOT NULL DEFAULT 3,
    use_upm         BOOLEAN NOT NULL,
    track_mlflow    BOOLEAN NOT NULL,
    prompt_preview  TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    scheduled_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at      TIMESTAMPTZ,
    finished_at     TIMESTAMPTZ,
    worker_id       TEXT,
    heartbeat_at    TIMESTAMPTZ,
    error           TEXT,
    cancel_requested BOOLEAN NOT NULL DEFAULT false,
    last_seq        BIGINT NOT NULL DEFAULT -1,
    final_metrics   JSONB
);
CREATE INDEX jobs_claimable ON jobs (priority DESC, created_at) WHERE status = 'queued';
CREATE INDEX jobs_running ON jobs (heartbeat_at) WHERE status = 'running';

CREATE TABLE job_metrics (
    job_id  TEXT NOT NULL REFERENCES jobs (id),
    seq     BIGINT NOT NULL,
    phase   SMALLINT,
    trial   INT,
    epoch   INT,
    metrics JSONB NOT NULL,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, seq)
);
