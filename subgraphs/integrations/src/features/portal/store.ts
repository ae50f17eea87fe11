import type { Queryable } from '@onegraph/db';
import type { PortalFeatures } from '@onegraph/onestack-clients';

/** A company's client portal, shaped as the `PortalSettings` GraphQL type. */
export interface PortalSettingsRow {
  companyId: string;
  features: PortalFeatures;
  brandName: string | null;
  brandColor: string | null;
  customDomain: string | null;
  /** PENDING until the domain is proven by its DNS TXT record; null without a domain. */
  customDomainStatus: 'PENDING' | 'VERIFIED' | null;
  /** The token the TXT record must hold (kept after verification, unused then). */
  customDomainToken: string | null;
  url: string | null;
  version: number;
  syncedAt: Date | null;
  updatedAt: Date;
  updatedBy: string;
}

interface DbRow {
  crm_company_id: string;
  pipeline: boolean;
  marketing: boolean;
  esign: boolean;
  quotes: boolean;
  invoices: boolean;
  brand_name: string | null;
  brand_color: string | null;
  custom_domain: string | null;
  custom_domain_status: 'PENDING' | 'VERIFIED' | null;
  custom_domain_token: string | null;
  portal_url: string | null;
  version: number;
  synced_at: Date | null;
  updated_at: Date;
  updated_by: string;
}

const toRow = (r: DbRow): PortalSettingsRow => ({
  companyId: r.crm_company_id,
  features: { pipeline: r.pipeline, marketing: r.marketing, esign: r.esign, quotes: r.quotes, invoices: r.invoices },
  brandName: r.brand_name,
  brandColor: r.brand_color,
  customDomain: r.custom_domain,
  customDomainStatus: r.custom_domain_status,
  customDomainToken: r.custom_domain_token,
  url: r.portal_url,
  version: r.version,
  syncedAt: r.synced_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export async function portalSettingsByCompanyIds(db: Queryable, org: string, companyIds: readonly string[], lock = false): Promise<PortalSettingsRow[]> {
  const { rows } = await db.query<DbRow>(`SELECT * FROM portal_settings WHERE org_id = $1 AND crm_company_id = ANY($2)${lock ? ' FOR UPDATE' : ''}`, [
    org,
    companyIds,
  ]);
  return rows.map(toRow);
}

/** Whether another portal (of any organisation) has verified this domain; pending claims count for nothing. */
export async function domainVerifiedElsewhere(db: Queryable, org: string, companyId: string, domain: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM portal_settings WHERE custom_domain = $1 AND custom_domain_status = 'VERIFIED' AND NOT (org_id = $2 AND crm_company_id = $3)`,
    [domain, org, companyId],
  );
  return rows.length > 0;
}

export async function savePortalSettings(
  tx: Queryable,
  org: string,
  s: Omit<PortalSettingsRow, 'updatedAt' | 'syncedAt'>,
  syncedAt: Date,
): Promise<PortalSettingsRow> {
  const { rows } = await tx.query<DbRow>(
    `INSERT INTO portal_settings (org_id, crm_company_id, pipeline, marketing, esign, quotes, invoices, brand_name, brand_color, custom_domain, portal_url, version, synced_at, updated_by,
       custom_domain_status, custom_domain_token, custom_domain_verified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, CASE WHEN $15 = 'VERIFIED' THEN now() END)
     ON CONFLICT (org_id, crm_company_id) DO UPDATE SET
       pipeline = EXCLUDED.pipeline, marketing = EXCLUDED.marketing, esign = EXCLUDED.esign, quotes = EXCLUDED.quotes, invoices = EXCLUDED.invoices,
       brand_name = EXCLUDED.brand_name, brand_color = EXCLUDED.brand_color, custom_domain = EXCLUDED.custom_domain, portal_url = EXCLUDED.portal_url,
       version = EXCLUDED.version, synced_at = EXCLUDED.synced_at, updated_by = EXCLUDED.updated_by, updated_at = now(),
       custom_domain_status = EXCLUDED.custom_domain_status, custom_domain_token = EXCLUDED.custom_domain_token,
       custom_domain_verified_at = CASE WHEN EXCLUDED.custom_domain_status = 'VERIFIED' THEN COALESCE(portal_settings.custom_domain_verified_at, now()) END
     RETURNING *`,
    [
      org,
      s.companyId,
      s.features.pipeline,
      s.features.marketing,
      s.features.esign,
      s.features.quotes,
      s.features.invoices,
      s.brandName,
      s.brandColor,
      s.customDomain,
      s.url,
      s.version,
      syncedAt,
      s.updatedBy,
      s.customDomainStatus,
      s.customDomainToken,
    ],
  );
  return toRow(rows[0]!);
}

/** Whether a company's clients can log in to a portal, shaped as the `PortalAccess` GraphQL type. */
export interface PortalAccessRow {
  enabled: boolean;
  url: string | null;
  features: PortalFeatures | null;
}

/** A company's portal access from its settings (saved only once Portal accepted them), or null without a portal. */
export const portalAccessOf = (settings: PortalSettingsRow | null): PortalAccessRow =>
  settings ? { enabled: true, url: settings.url, features: settings.features } : { enabled: false, url: null, features: null };
