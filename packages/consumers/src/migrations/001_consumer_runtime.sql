-- The consumer runtime's tables. Services created `processed_events` (and
-- crm `parked_events`) in their own migrations before the runtime shipped
-- this one, so every statement leaves an existing table and its rows as
-- they are and only adds what is missing.

-- The inbox: event ids each consumer has applied, written in the same
-- transaction as the event's effect, so a redelivery changes nothing.
CREATE TABLE IF NOT EXISTS processed_events (
  consumer     text NOT NULL,
  event_id     text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Events a consumer gave up on, one row per consumer and event: PARKED (the
-- handler named what is missing, e.g. an unknown company) or DEAD_LETTERED
-- (retries exhausted, or an error no retry can fix; the Bus also wrote the
-- event to `<topic>.dlq`). Admins list them per organisation and replay
-- them; a replay sets `resolved_at`, a replay that fails again clears it.
CREATE TABLE IF NOT EXISTS parked_events (
  org_id      text NOT NULL,
  id          text NOT NULL,
  consumer    text NOT NULL,
  event_id    text NOT NULL,
  event_type  text NOT NULL,
  reason      text NOT NULL,
  envelope    jsonb NOT NULL,
  parked_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  PRIMARY KEY (org_id, id),
  UNIQUE (consumer, event_id)
);
ALTER TABLE parked_events ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'PARKED';
-- who replayed it last (a user id), null until replayed
ALTER TABLE parked_events ADD COLUMN IF NOT EXISTS replayed_by text;
CREATE INDEX IF NOT EXISTS parked_events_open ON parked_events (org_id, parked_at DESC) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS parked_events_org ON parked_events (org_id, parked_at DESC, id DESC);
