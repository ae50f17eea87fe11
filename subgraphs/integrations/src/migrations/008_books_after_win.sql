-- Books after the win: a won deal's later changes amend its billing setup
-- (one amendment per deal version), and a reopened or lost-after-won deal
-- cancels it (status CANCELLED, with the reason Books was given).
ALTER TABLE books_billing_setups
  ADD COLUMN deal_version integer,
  ADD COLUMN cancel_reason text CHECK (cancel_reason IN ('DEAL_REOPENED', 'DEAL_LOST'));

-- The terms Books took at each later version of a won deal.
CREATE TABLE books_billing_amendments (
  org_id              text NOT NULL,
  crm_deal_id         text NOT NULL,
  deal_version        integer NOT NULL,
  books_amendment_id  text NOT NULL,
  contract_value      numeric(14, 2) NOT NULL,
  mrr                 numeric(14, 2) NOT NULL,
  currency            text NOT NULL,
  term_months         integer,
  lines               jsonb NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, crm_deal_id, deal_version)
);
