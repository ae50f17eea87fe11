-- Portal: where a quote or an e-sign document was published in the company's client portal.
ALTER TABLE quotes ADD COLUMN portal_url text;
ALTER TABLE quotes ADD COLUMN portal_shared_at timestamptz;
ALTER TABLE esign_documents ADD COLUMN portal_url text;
ALTER TABLE esign_documents ADD COLUMN portal_sent_at timestamptz;
-- the revenue dashboard: won deals by close month, open deals by expected close month
CREATE INDEX deals_revenue_won ON deals (org_id, currency, closed_at) WHERE status = 'WON';
CREATE INDEX deals_revenue_open ON deals (org_id, currency, expected_close_date) WHERE status = 'OPEN';
