-- The W3C trace context of the transaction that wrote each outbox row
-- (CloudEvents distributed-tracing extension): the relay publishes the event
-- under a span continuing that trace, so a trace follows a change from the
-- mutation or consumed event that made it through Kafka to its consumers.
ALTER TABLE outbox ADD COLUMN traceparent text, ADD COLUMN tracestate text;
