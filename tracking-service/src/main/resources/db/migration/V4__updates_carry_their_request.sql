-- Job updates carry their request (first update) and modelUrl (completed update), so tracking-service no longer
-- consumes training.requests nor asks trainer-service; runs' request columns now come from the first update.
-- A job's history lives in trainer-service (job_metrics) and MLflow; here only which (job, seq) were recorded: the
-- duplicate filter for an update re-sent under a new message id (applied MLflow operations are deleted, so
-- pending_mlflow_ops cannot tell).
ALTER TABLE job_updates
    DROP COLUMN status,
    DROP COLUMN phase,
    DROP COLUMN trial,
    DROP COLUMN epoch,
    DROP COLUMN message,
    DROP COLUMN at;
ALTER TABLE job_updates RENAME TO seen_job_updates;
ALTER TABLE seen_job_updates RENAME CONSTRAINT job_updates_pkey TO seen_job_updates_pkey;
