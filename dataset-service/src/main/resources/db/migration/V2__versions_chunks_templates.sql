-- Versions as the service writes them: examples and CSV chunks are inserted while a file is streamed, before the
-- version row (whose checksum and counts are known only at the end), so their foreign keys are checked at commit.

ALTER TABLE datasets ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
CREATE INDEX datasets_listed ON datasets (created_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX datasets_by_type ON datasets (model_type) WHERE deleted_at IS NULL;
CREATE INDEX datasets_by_creator ON datasets (created_by) WHERE deleted_at IS NULL;

ALTER TABLE dataset_versions ADD COLUMN source TEXT NOT NULL DEFAULT 'prompt_interface';
ALTER TABLE dataset_versions ADD COLUMN csv_bytes BIGINT NOT NULL DEFAULT 0;

ALTER TABLE examples DROP CONSTRAINT examples_dataset_id_version_fkey;
ALTER TABLE examples ADD CONSTRAINT examples_version_fkey FOREIGN KEY (dataset_id, version)
    REFERENCES dataset_versions (dataset_id, version) DEFERRABLE INITIALLY DEFERRED;

-- The canonical CSV in chunks of whole rows (about 1 MB each): a 50 MB version is never one value in memory, on
-- the way in or out. Concatenated in seq order the chunks are the CSV whose SHA-256 is dataset_versions.checksum.
CREATE TABLE version_csv_chunks (
    dataset_id TEXT NOT NULL,
    version    INT NOT NULL,
    seq        INT NOT NULL,
    content    TEXT NOT NULL,
    PRIMARY KEY (dataset_id, version, seq),
    CONSTRAINT version_csv_chunks_version_fkey FOREIGN KEY (dataset_id, version)
        REFERENCES dataset_versions (dataset_id, version) DEFERRABLE INITIALLY DEFERRED
);
INSERT INTO version_csv_chunks (dataset_id, version, seq, content)
    SELECT dataset_id, version, 0, canonical_csv FROM dataset_versions;
UPDATE dataset_versions SET csv_bytes = octet_length(canonical_csv);
ALTER TABLE dataset_versions DROP COLUMN canonical_csv;

-- The templates library (seeded by V3).
CREATE TABLE templates (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    model_type  TEXT NOT NULL,
    description TEXT NOT NULL,
    text        TEXT NOT NULL,
    position    INT NOT NULL
);
CREATE INDEX templates_by_type ON templates (model_type, position);
