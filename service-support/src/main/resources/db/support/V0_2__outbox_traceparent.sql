-- The W3C traceparent of the span that wrote the event (NULL while tracing is off): OutboxRelay publishes the event
-- as a child of it, so a trace goes on across the outbox. Applied out of order after a service's own V1.. migrations
-- on databases that have them already (quarkus.flyway.out-of-order in the shared defaults).
ALTER TABLE outbox ADD COLUMN traceparent TEXT;
