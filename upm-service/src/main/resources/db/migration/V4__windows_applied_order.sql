-- The rolling holdout reads the newest applied windows of a family (at most as many windows as holdout rows): an index
-- in that order, so a snapshot's holdout costs the same after a million windows as after ten.
CREATE INDEX windows_applied_order ON windows (family, apply_seq DESC) WHERE applied_at IS NOT NULL;
