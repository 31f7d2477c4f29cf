-- When the trainer took the snapshot (weights copied), before it was checksummed, compressed and stored (created_at):
-- the start of a snapshot's way to the agents.
ALTER TABLE snapshots ADD COLUMN taken_at TIMESTAMPTZ;
