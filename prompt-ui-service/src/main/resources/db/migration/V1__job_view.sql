-- What the page lists: each job as its latest update left it (a projection of training.job-updates).
CREATE TABLE job_view (
    job_id        TEXT PRIMARY KEY,
    dataset_id    TEXT,
    dataset_name  TEXT,
    model_type    TEXT,
    priority      TEXT,
    created_by    TEXT,
    status        TEXT NOT NULL,
    phase         SMALLINT,
    phase_name    TEXT,
    last_seq      BIGINT NOT NULL,
    message       TEXT,
    metrics       JSONB NOT NULL DEFAULT '{}',
    mlflow_url    TEXT,
    submitted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX job_view_recent ON job_view (submitted_at DESC);
