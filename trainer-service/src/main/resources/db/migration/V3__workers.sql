-- Every worker thread of every instance, busy or idle: the page's "No trainer running" reads its heartbeats.
CREATE TABLE workers (
    worker_id      TEXT PRIMARY KEY,
    instance       TEXT NOT NULL,
    last_heartbeat TIMESTAMPTZ NOT NULL DEFAULT now(),
    running_job_id TEXT
);

-- The admin's pause switch for the whole queue (all instances): paused queues accept jobs but claim none.
CREATE TABLE queue_control (
    id     INT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    paused BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO queue_control (id, paused) VALUES (1, false);
