-- The UPM pipeline in MLflow (upm.snapshots): an experiment per family holding one run per snapshot version and one
-- "history" run per family whose metrics are every version's metrics at step = version (a curve across versions).
-- Their MLflow operations wait in pending_mlflow_ops like a job's, under the stream key 'upm:<family>'.

-- One row per family: its MLflow experiment and history run, and which version it serves.
CREATE TABLE upm_families (
    family          TEXT PRIMARY KEY,
    active_version  BIGINT,
    -- time of the activation event that made active_version the served one (a late, older activation changes nothing)
    active_at       TIMESTAMPTZ,
    latest_version  BIGINT,
    experiment_id   TEXT,
    history_run_id  TEXT,
    history_run_url TEXT,
    first_seen_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per snapshot (family, version): what upm-service said last, and its MLflow run.
CREATE TABLE upm_snapshots (
    family         TEXT NOT NULL,
    version        BIGINT NOT NULL,
    snapshot_id    TEXT NOT NULL,
    checksum       TEXT NOT NULL,
    windows        INT NOT NULL,
    -- mode in the first event seen (params never change in MLflow; the current mode is a tag)
    initial_mode   TEXT NOT NULL,
    -- time of the first event seen: the run's start time
    first_at       TIMESTAMPTZ NOT NULL,
    -- the newest status event (by its time): status, mode, when
    status         TEXT NOT NULL,
    mode           TEXT NOT NULL,
    status_at      TIMESTAMPTZ NOT NULL,
    -- the MLflow status decided for the newest event (queued for MLflow), and the one MLflow has (NULL: no run yet)
    decided_state  TEXT NOT NULL,
    run_state      TEXT,
    experiment_id  TEXT,
    run_id         TEXT,
    run_url        TEXT,
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (family, version)
);

-- Every status event seen, once per (snapshot, status, time): the duplicate filter (the same event under another
-- CloudEvent id) and the snapshot's status history.
CREATE TABLE upm_snapshot_events (
    family   TEXT NOT NULL,
    version  BIGINT NOT NULL,
    status   TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    mode     TEXT NOT NULL,
    seen_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (family, version, status, at)
);

-- A snapshot's metrics (computed once by upm-service), under their MLflow names; the first value of a key is the one.
CREATE TABLE upm_snapshot_metrics (
    family   TEXT NOT NULL,
    version  BIGINT NOT NULL,
    key      TEXT NOT NULL,
    value    DOUBLE PRECISION NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (family, version, key)
);
