-- Where each won deal's PSA project request stands, one row per deal: what
-- `Deal.psaProjectRequest` shows while PSA is down (PENDING, the attempts
-- and the last error), once PSA opened the project (CREATED; the link itself
-- is `psa_projects`) or when PSA refused it (FAILED, dead-lettered).
CREATE TABLE psa_project_requests (
  org_id          text NOT NULL,
  crm_deal_id     text NOT NULL,
  crm_company_id  text NOT NULL,
  -- the crm.deal.won event it came from: PSA's idempotency key derives from it
  event_id        text NOT NULL,
  status          text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, crm_deal_id)
);

-- Deals whose project was opened before requests were recorded count as CREATED.
INSERT INTO psa_project_requests (org_id, crm_deal_id, crm_company_id, event_id, status, attempts, created_at, updated_at)
SELECT org_id, crm_deal_id, crm_company_id, event_id, 'CREATED', 1, created_at, created_at FROM psa_projects
ON CONFLICT DO NOTHING;
