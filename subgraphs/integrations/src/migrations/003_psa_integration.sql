-- Deal-to-project creation: the PSA project opened for a won CRM deal.
CREATE TABLE psa_projects (
  org_id          text NOT NULL,
  crm_deal_id     text NOT NULL,
  crm_company_id  text NOT NULL,
  psa_project_id  text NOT NULL,
  name            text NOT NULL,
  status          text NOT NULL,
  -- the crm.deal.won event it came from
  event_id        text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, crm_deal_id)
);
