import type { Queryable } from '@onegraph/db';
import type { PortalFeatures } from '@onegraph/onestack-clients';

/** A company's client portal, shaped as the `PortalSettings` GraphQL type. */
export interface PortalSettingsRow {
  companyId: string;
  features: PortalFeatures;
  brandName: string | null;
  brandColor: string | null;
  customDomain: string | null;
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

/** Whether another portal (of any organisation) has this domain. */
export async function domainTakenElsewhere(db: Queryable, org: string, companyId: string, domain: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM portal_settings WHERE custom_domain = $1 AND NOT (org_id = $2 AND crm_company_id = $3)`, [
    domain,
    org,
    companyId,
  ]);
  return rows.length > 0;
}

export async function savePortalSettings(
  tx: Queryable,
  org: string,
  s: Omit<PortalSettingsRow, 'updatedAt' | 'syncedAt'>,
  syncedAt: Date,
): Promise<PortalSettingsRow> {
  const { rows } = await tx.query<DbRow>(
    `INSERT INTO portal_settings (org_id, crm_company_id, pipeline, marketing, esign, quotes, invoices, brand_name, brand_color, custom_domain, portal_url, version, synced_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (org_id, crm_company_id) DO UPDATE SET
       pipeline = EXCLUDED.pipeline, marketing = EXCLUDED.marketing, esign = EXCLUDED.esign, quotes = EXCLUDED.quotes, invoices = EXCLUDED.invoices,
       brand_name = EXCLUDED.brand_name, brand_color = EXCLUDED.brand_color, custom_domain = EXCLUDED.custom_domain, portal_url = EXCLUDED.portal_url,
       version = EXCLUDED.version, synced_at = EXCLUDED.synced_at, updated_by = EXCLUDED.updated_by, updated_at = now()
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
    ],
  );
  return toRow(rows[0]!);
}
