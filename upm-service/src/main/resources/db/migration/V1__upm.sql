-- Feature windows are kept whether UPM is on or off, so nothing is lost while it is disabled.
CREATE TABLE windows (
    window_id     TEXT PRIMARY KEY,
    family        TEXT NOT NULL,
    row_count     INT NOT NULL,
    body          JSONB NOT NULL,
    source_job_id TEXT,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at    TIMESTAMPTZ,                -- when the online trainer folded it in
    snapshot_version BIGINT                   -- the snapshot that first included it
);
CREATE INDEX windows_pending ON windows (family, received_at) WHERE applied_at IS NULL;

CREATE TABLE snapshots (
    snapshot_id TEXT PRIMARY KEY,
    family      TEXT NOT NULL,
    version     BIGINT NOT NULL,
    checksum    TEXT NOT NULL,
    windows     INT NOT NULL,
    metrics     JSONB NOT NULL DEFAULT '{}',
    status      TEXT NOT NULL,
    mode        TEXT NOT NULL,
    weights     BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (family, version)
);

CREATE TABLE agents (
    agent_id        TEXT NOT NULL,
    family          TEXT NOT NULL,
    applied_version BIGINT,
    last_error      TEXT,
    last_seen       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (agent_id, family)
);
