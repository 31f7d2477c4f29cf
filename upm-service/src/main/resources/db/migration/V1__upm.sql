-- One row per family (model type) the online learner has seen. The label vocabulary is append-only (class id =
-- position, at most label_capacity), so weights keep their shape across snapshots. head_version is the snapshot the
-- trainer continues from (the newest one, or the target of the last rollback); next_apply_seq orders applied windows.
CREATE TABLE families (
    family          TEXT PRIMARY KEY,
    dims            INT NOT NULL,
    label_capacity  INT NOT NULL,
    labels          TEXT[] NOT NULL DEFAULT '{}',
    head_version    BIGINT,
    next_apply_seq  BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Feature windows are kept whether UPM is on or off, so nothing is lost while it is disabled. A window is pending
-- until the trainer applies it (applied_at, apply_seq), then belongs to the first snapshot that includes it. The
-- pv_* columns are its progressive validation: each row scored by the model just before the model learned from it.
CREATE TABLE windows (
    seq              BIGSERIAL UNIQUE,
    window_id        TEXT PRIMARY KEY,
    family           TEXT NOT NULL REFERENCES families (family),
    row_count        INT NOT NULL,
    body             TEXT NOT NULL,
    source_job_id    TEXT,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_at       TIMESTAMPTZ,
    apply_seq        BIGINT,
    snapshot_version BIGINT,
    pv_rows          INT,
    pv_correct       INT,
    pv_log_loss      DOUBLE PRECISION
);
CREATE INDEX windows_pending ON windows (family, seq) WHERE applied_at IS NULL;
CREATE INDEX windows_unsnapshotted ON windows (family, apply_seq) WHERE applied_at IS NOT NULL AND snapshot_version IS NULL;
CREATE INDEX windows_by_snapshot ON windows (family, snapshot_version);
CREATE INDEX windows_applied_at ON windows (applied_at) WHERE applied_at IS NOT NULL;

-- A snapshot of a family's online model. state = the compressed OnlineSoftmax bytes (weights and AdaGrad history,
-- so training resumes exactly); NULL once archived. checksum = SHA-256 of the weights (big-endian floats).
-- Exactly one snapshot per family is served (mode 'active').
CREATE TABLE snapshots (
    snapshot_id     TEXT PRIMARY KEY,
    family          TEXT NOT NULL REFERENCES families (family),
    version         BIGINT NOT NULL,
    checksum        TEXT NOT NULL,
    windows         INT NOT NULL,
    examples        BIGINT NOT NULL,
    labels          TEXT[] NOT NULL,
    metrics         JSONB NOT NULL DEFAULT '{}',
    status          TEXT NOT NULL,
    mode            TEXT NOT NULL,
    state           BYTEA,
    state_encoding  TEXT NOT NULL,
    state_bytes     INT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    activated_at    TIMESTAMPTZ,
    status_at       TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (family, version)
);
CREATE UNIQUE INDEX snapshots_one_active ON snapshots (family) WHERE mode = 'active';

CREATE TABLE drift_reports (
    id              BIGSERIAL PRIMARY KEY,
    family          TEXT NOT NULL,
    version         BIGINT NOT NULL,
    active_version  BIGINT NOT NULL,
    p95             DOUBLE PRECISION NOT NULL,
    psi             DOUBLE PRECISION NOT NULL,
    samples         INT NOT NULL,
    threshold       DOUBLE PRECISION NOT NULL,
    verdict         TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX drift_by_family ON drift_reports (family, id DESC);

-- Every adapter published to upm.adapters (the topic keeps only the latest per family).
CREATE TABLE adapters (
    id              BIGSERIAL PRIMARY KEY,
    family          TEXT NOT NULL,
    version         BIGINT NOT NULL,
    base_version    BIGINT,
    kind            TEXT NOT NULL,
    checksum        TEXT NOT NULL,
    encoding        TEXT NOT NULL,
    payload_bytes   INT NOT NULL,
    changed_weights INT NOT NULL,
    reason          TEXT NOT NULL,
    published_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX adapters_by_family ON adapters (family, id DESC);

-- What each agent holds, from upm.adapter-acks (heartbeats refresh last_seen).
CREATE TABLE agents (
    agent_id        TEXT NOT NULL,
    family          TEXT NOT NULL,
    applied_version BIGINT,
    applied_at      TIMESTAMPTZ,
    last_error      TEXT,
    last_error_at   TIMESTAMPTZ,
    last_ack_at     TIMESTAMPTZ NOT NULL,
    last_seen       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (agent_id, family)
);

-- Acks that changed what an agent holds or reported an error (heartbeats are not kept here).
CREATE TABLE adapter_acks (
    id          BIGSERIAL PRIMARY KEY,
    agent_id    TEXT NOT NULL,
    family      TEXT NOT NULL,
    version     BIGINT NOT NULL,
    applied     BOOLEAN NOT NULL,
    error       TEXT,
    acked_at    TIMESTAMPTZ NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX acks_by_agent ON adapter_acks (agent_id, family, id DESC);
