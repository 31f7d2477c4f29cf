CREATE TABLE datasets (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    description    TEXT NOT NULL,
    model_type     TEXT NOT NULL,
    source         TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    latest_version INT NOT NULL,
    deleted_at     TIMESTAMPTZ
);

CREATE TABLE dataset_versions (
    dataset_id     TEXT NOT NULL REFERENCES datasets (id),
    version        INT NOT NULL,
    checksum       TEXT NOT NULL,             -- SHA-256 of the canonical CSV
    row_count      INT NOT NULL,
    labels         JSONB NOT NULL,            -- label -> count (classification types)
    task           TEXT,
    change_summary TEXT NOT NULL,
    canonical_csv  TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, version)
);

CREATE TABLE examples (
    dataset_id TEXT NOT NULL,
    version    INT NOT NULL,
    ordinal    INT NOT NULL,
    fields     JSONB NOT NULL,                -- the canonical CSV row, by column name
    PRIMARY KEY (dataset_id, version, ordinal),
    FOREIGN KEY (dataset_id, version) REFERENCES dataset_versions (dataset_id, version)
);
