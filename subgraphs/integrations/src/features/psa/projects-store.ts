import type { Queryable } from '@onegraph/db';

export interface PsaProjectRow {
  org_id: string;
  crm_deal_id: string;
  crm_company_id: string;
  psa_project_id: string;
  name: string;
  status: string;
  event_id: string;
  created_at: Date;
}

export async function psaProjectsByDealIds(db: Queryable, org: string, dealIds: readonly string[]): Promise<PsaProjectRow[]> {
  const { rows } = await db.query<PsaProjectRow>(`SELECT * FROM psa_projects WHERE org_id = $1 AND crm_deal_id = ANY($2)`, [org, dealIds]);
  return rows;
}

/** Records a deal's project; a deal keeps the first project recorded for it (a reopened and re-won deal does not get a second link). */
export async function recordPsaProject(tx: Queryable, row: Omit<PsaProjectRow, 'created_at'>): Promise<void> {
  await tx.query(
    `INSERT INTO psa_projects (org_id, crm_deal_id, crm_company_id, psa_project_id, name, status, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (org_id, crm_deal_id) DO NOTHING`,
    [row.org_id, row.crm_deal_id, row.crm_company_id, row.psa_project_id, row.name, row.status, row.event_id],
  );
}
