-- Canary mode: a snapshot served to a named subset of agents before everyone (mode 'canary').
ALTER TABLE snapshots ADD COLUMN canary_agents TEXT[];
-- Adapters addressed to some agents only (a canary); NULL = every agent of the family.
ALTER TABLE adapters ADD COLUMN targets TEXT[];
