-- Events a consumer could not apply because what they name is not (yet) in
-- the CRM: an unknown company or deal. Kept with the reason, not retried
-- forever and not lost: admins see them (Query.parkedEvents) and replay
-- them once the record exists.
CREATE TABLE parked_events (
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
CREATE INDEX parked_events_open ON parked_events (org_id, parked_at DESC) WHERE resolved_at IS NULL;
