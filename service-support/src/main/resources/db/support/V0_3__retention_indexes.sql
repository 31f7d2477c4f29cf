-- Retention (service-support Retention) deletes by age in small batches: each batch finds its rows by index instead
-- of scanning the table. Applied out of order after a service's own migrations, like V0_2.
CREATE INDEX IF NOT EXISTS outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS processed_messages_processed_at ON processed_messages (processed_at);
