-- A cancel that reaches the trainer before its job's request does. The page lets a person cancel a job the moment it is
-- submitted, while the request may still be on its way (outbox, Kafka); the cancel waits here and is applied when the
-- request arrives, if whoever asked owns the job or is an admin. Both sides take the job's advisory lock, so neither
-- can miss the other.
CREATE TABLE cancels_before_arrival (
    job_id       text PRIMARY KEY,
    requested_by text NOT NULL,
    by_admin     boolean NOT NULL DEFAULT false,
    requested_at timestamptz NOT NULL DEFAULT now()
);
