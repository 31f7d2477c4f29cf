-- who asked to cancel a running job, so the cancelled job says so (the flag alone lost the name)
ALTER TABLE jobs ADD COLUMN cancel_requested_by text;
