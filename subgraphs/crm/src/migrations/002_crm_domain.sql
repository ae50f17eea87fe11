-- The CRM domain (issue 3): company profile and status history, contacts'
-- emails and E.164 phones, pipelines with stages, deals in stages with line
-- items and stage history, richer activities, quotes, e-sign documents and
-- health scores. Money is numeric(14, 2): exact, never a float.

ALTER TABLE companies ADD COLUMN domains text[] NOT NULL DEFAULT '{}';
ALTER TABLE companies ADD COLUMN website text;
ALTER TABLE companies ADD COLUMN address jsonb;
ALTER TABLE companies ADD COLUMN industry text;
ALTER TABLE companies ADD COLUMN owner_id text;
ALTER TABLE companies ADD COLUMN psa_sync_state text NOT NULL DEFAULT 'NOT_LINKED';
ALTER TABLE companies ADD COLUMN psa_client_id text;
ALTER TABLE companies ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
-- Books' billing standing (CURRENT, LATE, OVERDUE) when known: a health score input
ALTER TABLE companies ADD COLUMN billing_standing text;
ALTER TABLE companies ADD COLUMN health_score integer;
UPDATE companies SET domains = ARRAY[domain] WHERE domain IS NOT NULL;
CREATE INDEX companies_org_created ON companies (org_id, created_at, id);
CREATE INDEX companies_org_updated ON companies (org_id, updated_at, id);

CREATE TABLE company_status_history (
  seq         bigserial PRIMARY KEY,
  org_id      text NOT NULL,
  company_id  text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  reason      text,
  changed_by  text NOT NULL,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, company_id) REFERENCES companies (org_id, id)
);
CREATE INDEX company_status_history_company ON company_status_history (org_id, company_id, seq DESC);

ALTER TABLE contacts ADD COLUMN emails text[] NOT NULL DEFAULT '{}';
-- [{ "number": "+14155550101", "kind": "WORK" }], primary first; phone_numbers mirrors the numbers for lookup
ALTER TABLE contacts ADD COLUMN phones jsonb NOT NULL DEFAULT '[]';
ALTER TABLE contacts ADD COLUMN phone_numbers text[] NOT NULL DEFAULT '{}';
UPDATE contacts SET emails = ARRAY[lower(email)] WHERE email IS NOT NULL;
UPDATE contacts SET phones = jsonb_build_array(jsonb_build_object('number', phone, 'kind', 'WORK')), phone_numbers = ARRAY[phone] WHERE phone IS NOT NULL;
CREATE INDEX contacts_phone_numbers ON contacts USING gin (phone_numbers);
CREATE INDEX contacts_org_name ON contacts (org_id, last_name, first_name, id);
CREATE UNIQUE INDEX contacts_one_primary ON contacts (org_id, company_id) WHERE is_primary;

CREATE TABLE pipelines (
  org_id      text NOT NULL,
  id          text NOT NULL,
  name        text NOT NULL,
  currency    text NOT NULL DEFAULT 'USD',
  position    integer NOT NULL DEFAULT 0,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX pipelines_id ON pipelines (id);

CREATE TABLE pipeline_stages (
  org_id      text NOT NULL,
  id          text NOT NULL,
  pipeline_id text NOT NULL,
  name        text NOT NULL,
  position    integer NOT NULL,
  probability integer NOT NULL,
  kind        text NOT NULL DEFAULT 'OPEN',
  color       text,
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, pipeline_id) REFERENCES pipelines (org_id, id)
);
CREATE UNIQUE INDEX pipeline_stages_id ON pipeline_stages (id);
CREATE INDEX pipeline_stages_pipeline ON pipeline_stages (org_id, pipeline_id, position);

ALTER TABLE deals ADD COLUMN pipeline_id text;
ALTER TABLE deals ADD COLUMN stage_id text;
ALTER TABLE deals ADD COLUMN contact_id text;
ALTER TABLE deals ADD COLUMN owner_id text;
ALTER TABLE deals ADD COLUMN probability integer;
ALTER TABLE deals ADD COLUMN mrr numeric(14, 2) NOT NULL DEFAULT 0;
ALTER TABLE deals ADD COLUMN term_months integer;
ALTER TABLE deals ADD COLUMN expected_close_date date;
ALTER TABLE deals ADD COLUMN close_reason text;
ALTER TABLE deals ADD COLUMN closed_at timestamptz;
ALTER TABLE deals ADD COLUMN stage_entered_at timestamptz NOT NULL DEFAULT now();

-- Deals made before pipelines existed go into a default "New Business" pipeline of their organisation.
INSERT INTO pipelines (org_id, id, name, currency) SELECT DISTINCT org_id, 'pl_' || md5(org_id), 'New Business', 'USD' FROM deals;
INSERT INTO pipeline_stages (org_id, id, pipeline_id, name, position, probability, kind)
  SELECT p.org_id, 'stg_' || md5(p.org_id) || '_' || s.key, p.id, s.name, s.position, s.probability, s.kind
  FROM pipelines p CROSS JOIN (VALUES
    ('lead', 'Lead', 0, 10, 'OPEN'), ('qualification', 'Qualification', 1, 20, 'OPEN'), ('discovery', 'Discovery', 2, 40, 'OPEN'),
    ('proposal', 'Proposal', 3, 60, 'OPEN'), ('negotiation', 'Negotiation', 4, 80, 'OPEN'), ('won', 'Won', 5, 100, 'WON'), ('lost', 'Lost', 6, 0, 'LOST')
  ) AS s (key, name, position, probability, kind)
  WHERE p.id = 'pl_' || md5(p.org_id);
UPDATE deals d SET pipeline_id = 'pl_' || md5(d.org_id), stage_id = COALESCE(
    (SELECT s.id FROM pipeline_stages s WHERE s.org_id = d.org_id AND s.pipeline_id = 'pl_' || md5(d.org_id) AND s.kind = d.status AND d.status <> 'OPEN'),
    (SELECT s.id FROM pipeline_stages s WHERE s.org_id = d.org_id AND s.pipeline_id = 'pl_' || md5(d.org_id) AND lower(s.name) = lower(d.stage)),
    'stg_' || md5(d.org_id) || '_lead')
  WHERE pipeline_id IS NULL;
ALTER TABLE deals ALTER COLUMN pipeline_id SET NOT NULL;
ALTER TABLE deals ALTER COLUMN stage_id SET NOT NULL;
ALTER TABLE deals ADD FOREIGN KEY (org_id, stage_id) REFERENCES pipeline_stages (org_id, id);
ALTER TABLE deals ADD FOREIGN KEY (org_id, pipeline_id) REFERENCES pipelines (org_id, id);
CREATE INDEX deals_org_created ON deals (org_id, created_at DESC, id DESC);
CREATE INDEX deals_pipeline_stage ON deals (org_id, pipeline_id, stage_id);

CREATE TABLE deal_stage_history (
  seq           bigserial PRIMARY KEY,
  org_id        text NOT NULL,
  deal_id       text NOT NULL,
  from_stage_id text,
  to_stage_id   text NOT NULL,
  reason        text,
  changed_by    text NOT NULL,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, deal_id) REFERENCES deals (org_id, id)
);
CREATE INDEX deal_stage_history_deal ON deal_stage_history (org_id, deal_id, seq DESC);
INSERT INTO deal_stage_history (org_id, deal_id, to_stage_id, changed_by, changed_at) SELECT org_id, id, stage_id, 'crm', created_at FROM deals;

-- Line items of deals and quotes (owner_kind 'deal' or 'quote').
CREATE TABLE line_items (
  org_id      text NOT NULL,
  owner_kind  text NOT NULL,
  owner_id    text NOT NULL,
  position    integer NOT NULL,
  service     text NOT NULL,
  description text,
  quantity    numeric(12, 2) NOT NULL,
  unit_price  numeric(14, 2) NOT NULL,
  billing     text NOT NULL,
  gl_account  text NOT NULL,
  taxable     boolean NOT NULL DEFAULT true,
  PRIMARY KEY (org_id, owner_kind, owner_id, position)
);

ALTER TABLE activities ADD COLUMN body text;
ALTER TABLE activities ADD COLUMN duration_seconds integer;
ALTER TABLE activities ADD COLUMN recording_url text;
ALTER TABLE activities ADD COLUMN direction text;
ALTER TABLE activities ADD COLUMN created_by text;
CREATE INDEX activities_contact_time ON activities (org_id, contact_id, occurred_at DESC, id DESC) WHERE contact_id IS NOT NULL;
CREATE INDEX activities_deal_time ON activities (org_id, deal_id, occurred_at DESC, id DESC) WHERE deal_id IS NOT NULL;
CREATE INDEX activities_org_time ON activities (org_id, occurred_at DESC, id DESC);

-- Per-organisation counters (quote numbers).
CREATE TABLE org_counters (
  org_id text NOT NULL,
  name   text NOT NULL,
  value  bigint NOT NULL,
  PRIMARY KEY (org_id, name)
);

CREATE TABLE quotes (
  org_id            text NOT NULL,
  id                text NOT NULL,
  number            text NOT NULL,
  title             text NOT NULL,
  status            text NOT NULL DEFAULT 'DRAFT',
  company_id        text NOT NULL,
  deal_id           text,
  contact_id        text,
  currency          text NOT NULL,
  tax_rate          numeric(6, 3) NOT NULL DEFAULT 0,
  subtotal          numeric(14, 2) NOT NULL DEFAULT 0,
  tax               numeric(14, 2) NOT NULL DEFAULT 0,
  total             numeric(14, 2) NOT NULL DEFAULT 0,
  monthly_recurring numeric(14, 2) NOT NULL DEFAULT 0,
  valid_until       date,
  share_token       text,
  source            text NOT NULL DEFAULT 'CRM',
  sent_at           timestamptz,
  viewed_at         timestamptz,
  decided_at        timestamptz,
  decline_reason    text,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, company_id) REFERENCES companies (org_id, id)
);
CREATE UNIQUE INDEX quotes_id ON quotes (id);
CREATE UNIQUE INDEX quotes_share_token ON quotes (share_token) WHERE share_token IS NOT NULL;
CREATE INDEX quotes_org_created ON quotes (org_id, created_at DESC, id DESC);
CREATE INDEX quotes_company ON quotes (org_id, company_id);
CREATE INDEX quotes_deal ON quotes (org_id, deal_id) WHERE deal_id IS NOT NULL;

CREATE TABLE esign_documents (
  org_id            text NOT NULL,
  id                text NOT NULL,
  title             text NOT NULL,
  kind              text NOT NULL,
  status            text NOT NULL DEFAULT 'REQUESTED',
  company_id        text NOT NULL,
  deal_id           text,
  quote_id          text,
  signer_contact_id text,
  signer_email      text,
  signed_name       text,
  psa_contract_ref  text,
  decline_reason    text,
  requested_at      timestamptz NOT NULL DEFAULT now(),
  sent_at           timestamptz,
  viewed_at         timestamptz,
  signed_at         timestamptz,
  declined_at       timestamptz,
  version           integer NOT NULL DEFAULT 1,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, company_id) REFERENCES companies (org_id, id)
);
CREATE UNIQUE INDEX esign_documents_id ON esign_documents (id);
CREATE INDEX esign_documents_org_created ON esign_documents (org_id, created_at DESC, id DESC);

-- Health score inputs fed by PSA events, and the scores as they changed.
CREATE TABLE company_csat (
  org_id      text NOT NULL,
  company_id  text NOT NULL,
  event_id    text NOT NULL,
  score       integer NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, event_id)
);
CREATE INDEX company_csat_company ON company_csat (org_id, company_id, recorded_at DESC);

CREATE TABLE company_tickets (
  org_id     text NOT NULL,
  ticket_id  text NOT NULL,
  company_id text NOT NULL,
  status     text NOT NULL,
  opened_at  timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, ticket_id)
);
CREATE INDEX company_tickets_company ON company_tickets (org_id, company_id);

CREATE TABLE company_health_history (
  seq         bigserial PRIMARY KEY,
  org_id      text NOT NULL,
  company_id  text NOT NULL,
  score       integer NOT NULL,
  engagement  integer NOT NULL,
  csat        integer,
  ticket_load integer,
  billing     integer,
  reason      text NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX company_health_history_company ON company_health_history (org_id, company_id, seq DESC);
