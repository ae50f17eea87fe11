-- A custom domain is PENDING until proven by a DNS TXT record holding the
-- token issued for the claim; only VERIFIED domains are unique across
-- organisations (a pending claim blocks nobody).
ALTER TABLE portal_settings
  ADD COLUMN custom_domain_status text CHECK (custom_domain_status IN ('PENDING', 'VERIFIED')),
  ADD COLUMN custom_domain_token text,
  ADD COLUMN custom_domain_verified_at timestamptz;

-- domains claimed before verification existed were never proven
UPDATE portal_settings
   SET custom_domain_status = 'PENDING', custom_domain_token = md5(random()::text || clock_timestamp()::text || crm_company_id)
 WHERE custom_domain IS NOT NULL;

DROP INDEX portal_settings_domain;
CREATE UNIQUE INDEX portal_settings_domain ON portal_settings (custom_domain) WHERE custom_domain_status = 'VERIFIED';
