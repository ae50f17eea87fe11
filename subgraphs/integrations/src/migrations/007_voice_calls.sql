-- The Voice read model: completed calls as Voice's voice.call.completed
-- events report them, one row per call id (a call Voice reports twice is
-- kept once). Contacts find their calls by the external party's number,
-- in E.164 when Voice's notation could be read (else as Voice wrote it).
CREATE TABLE voice_calls (
  org_id            text NOT NULL,
  call_id           text NOT NULL,
  direction         text NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
  external_number   text NOT NULL,
  started_at        timestamptz NOT NULL,
  duration_seconds  integer NOT NULL,
  recording_url     text,
  agent_user_id     text NOT NULL,
  received_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, call_id)
);
CREATE INDEX voice_calls_number ON voice_calls (org_id, external_number, started_at DESC);
