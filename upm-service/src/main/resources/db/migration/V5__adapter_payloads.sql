-- An adapter too large to travel inline (thunderline.upm.adapters.inline-max-bytes) is published with a fetch URL and
-- its compressed payload kept here, served by GET /upm/adapters/{family}/{version}/payload. Only the newest few per
-- family slot keep their bytes (an agent that reads an older record refuses it and is sent the full weights again).
ALTER TABLE adapters ADD COLUMN payload BYTEA;
