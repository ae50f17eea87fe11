-- Books and Portal: billing setups made from won deals, the Books invoices
-- read model, and per-company client portal settings.

-- A won deal's client billing setup in Books. PENDING (with the last error)
-- while Books has not confirmed it; one row per deal.
CREATE TABLE books_billing_setups (
  org_id          text NOT NULL,
  crm_deal_id     text NOT NULL,
  crm_company_id  text NOT NULL,
  -- the crm.deal.won event it came from: Books' idempotency key derives from it
  event_id        text NOT NULL,
  books_setup_id  text,
  status          text NOT NULL,
  contract_value  numeric(14, 2) NOT NULL,
  mrr             numeric(14, 2) NOT NULL,
  currency        text NOT NULL,
  term_months     integer,
  lines           jsonb NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, crm_deal_id)
);

-- Books invoices as books.invoice.* events report them. Status only moves
-- forward (ISSUED < OVERDUE < PAID), so a late or replayed event cannot undo a payment.
CREATE TABLE books_invoices (
  org_id          text NOT NULL,
  invoice_id      text NOT NULL,
  number          text NOT NULL,
  crm_company_id  text NOT NULL,
  crm_deal_id     text,
  total           numeric(14, 2) NOT NULL,
  currency        text NOT NULL,
  issued_at       timestamptz NOT NULL,
  due_at          timestamptz NOT NULL,
  status          text NOT NULL CHECK (status IN ('ISSUED', 'OVERDUE', 'PAID')),
  paid_at         timestamptz,
  overdue_since   timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, invoice_id)
);
CREATE INDEX books_invoices_company ON books_invoices (org_id, crm_company_id, issued_at);
CREATE INDEX books_invoices_issued ON books_invoices (org_id, currency, issued_at);

-- A company's client portal: feature toggles, branding, custom domain.
CREATE TABLE portal_settings (
  org_id          text NOT NULL,
  crm_company_id  text NOT NULL,
  pipeline        boolean NOT NULL DEFAULT false,
  marketing       boolean NOT NULL DEFAULT false,
  esign           boolean NOT NULL DEFAULT false,
  quotes          boolean NOT NULL DEFAULT false,
  invoices        boolean NOT NULL DEFAULT false,
  brand_name      text,
  brand_color     text,
  custom_domain   text,
  portal_url      text,
  version         integer NOT NULL DEFAULT 1,
  synced_at       timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  updated_by      text NOT NULL,
  PRIMARY KEY (org_id, crm_company_id)
);
-- a domain points at one portal, whichever organisation owns it
CREATE UNIQUE INDEX portal_settings_domain ON portal_settings (custom_domain);
