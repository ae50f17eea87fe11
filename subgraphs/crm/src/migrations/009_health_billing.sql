-- The health score's billing inputs: each company's Books invoices, as
-- Books' invoice events report them (features/books/events.ts). Overdue
-- amount and age are derived from these at each recomputation, so they grow
-- with time without a new event.
CREATE TABLE company_invoices (
  org_id text NOT NULL,
  invoice_id text NOT NULL,
  company_id text NOT NULL,
  total numeric(18, 6) NOT NULL,
  currency text NOT NULL,
  issued_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  paid_at timestamptz,
  PRIMARY KEY (org_id, invoice_id)
);
CREATE INDEX company_invoices_company ON company_invoices (org_id, company_id, issued_at);

-- The daily recomputation of every company's health (engagement decays, an
-- unpaid invoice ages): one row per day it ran, claimed before it runs, so
-- several instances or a restart run it once a day.
CREATE TABLE health_daily_runs (
  day date PRIMARY KEY,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  companies integer
);

-- The billing standing nothing ever set: billing is derived from the invoices now.
ALTER TABLE companies DROP COLUMN billing_standing;
