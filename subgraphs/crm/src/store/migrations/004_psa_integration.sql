-- Deal-to-project creation: a deal flagged here makes PSA open a project
-- when it is won (the flag travels in crm.deal.won).
ALTER TABLE deals ADD COLUMN create_psa_project boolean NOT NULL DEFAULT false;
