-- Deal-to-project creation: a deal flagged here makes PSA open a project
-- when it is won (the flag travels in crm.deal.won).
ALTER TABLE deals ADD COLUMN create_psa_project boolean NOT NULL DEFAULT false;

-- When the company was promoted to a PSA client (crm.company.promoted
-- emitted): PSA's psa.client.created for the same client may link the
-- company before the promotion's own transaction commits, and the
-- promotion must still record itself then, once.
ALTER TABLE companies ADD COLUMN psa_promoted_at timestamptz;
