-- Every table carries org_id and every query filters on it: tenant isolation
-- lives in the data model, not only in the resolvers.

CREATE TABLE companies (
  org_id      text NOT NULL,
  id          text NOT NULL,
  name        text NOT NULL,
  domain      text,
  phone       text,
  status      text NOT NULL DEFAULT 'PROSPECT',
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX companies_id ON companies (id);
CREATE INDEX companies_org_name ON companies (org_id, name, id);

CREATE TABLE contacts (
  org_id      text NOT NULL,
  id          text NOT NULL,
  company_id  text NOT NULL,
  first_name  text NOT NULL,
  last_name   text NOT NULL,
  email       text,
  phone       text,
  title       text,
  is_primary  boolean NOT NULL DEFAULT false,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, company_id) REFERENCES companies (org_id, id)
);
CREATE UNIQUE INDEX contacts_id ON contacts (id);
CREATE INDEX contacts_company ON contacts (org_id, company_id);

CREATE TABLE deals (
  org_id      text NOT NULL,
  id          text NOT NULL,
  company_id  text NOT NULL,
  title       text NOT NULL,
  stage       text NOT NULL,
  value       numeric(14, 2) NOT NULL DEFAULT 0,
  currency    text NOT NULL DEFAULT 'USD',
  status      text NOT NULL DEFAULT 'OPEN',
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, company_id) REFERENCES companies (org_id, id)
);
CREATE UNIQUE INDEX deals_id ON deals (id);
CREATE INDEX deals_company ON deals (org_id, company_id, created_at DESC);

CREATE TABLE activities (
  org_id       text NOT NULL,
  id           text NOT NULL,
  company_id   text NOT NULL,
  contact_id   text,
  deal_id      text,
  type         text NOT NULL,
  summary      text NOT NULL,
  source       text NOT NULL,
  -- where it came from in its source product (e.g. PSA ticket id), for dedup and links
  external_ref text,
  occurred_at  timestamptz NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, id),
  FOREIGN KEY (org_id, company_id) REFERENCES companies (org_id, id)
);
CREATE UNIQUE INDEX activities_id ON activities (id);
CREATE INDEX activities_company_time ON activities (org_id, company_id, occurred_at DESC, id DESC);

-- The transactional outbox: a state change and its Bus event commit together;
-- the relay publishes rows in seq order and marks them published.
CREATE TABLE outbox (
  seq          bigserial PRIMARY KEY,
  org_id       text NOT NULL,
  topic        text NOT NULL,
  event        jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;

-- The inbox: event ids each consumer has processed, written in the same
-- transaction as the event's effect, so a redelivery changes nothing.
CREATE TABLE processed_events (
  consumer     text NOT NULL,
  event_id     text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
