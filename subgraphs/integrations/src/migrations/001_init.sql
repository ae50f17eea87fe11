-- The integrations subgraph's own read models, fed by Bus events.

-- A CRM company's PSA link and PSA's figures for it.
CREATE TABLE psa_links (
  org_id                   text NOT NULL,
  crm_company_id           text NOT NULL,
  psa_client_id            text,
  latest_csat              integer,
  last_ticket_activity_at  timestamptz,
  updated_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, crm_company_id)
);

-- The last known status of each PSA ticket, to count the open ones.
CREATE TABLE psa_tickets (
  org_id          text NOT NULL,
  ticket_id       text NOT NULL,
  crm_company_id  text NOT NULL,
  ticket_number   text NOT NULL,
  status          text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  PRIMARY KEY (org_id, ticket_id)
);
CREATE INDEX psa_tickets_company ON psa_tickets (org_id, crm_company_id);

CREATE TABLE processed_events (
  consumer     text NOT NULL,
  event_id     text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
