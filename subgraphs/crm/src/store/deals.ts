import type { Queryable } from '@onegraph/db';
import type { DealRow } from './rows.ts';

export async function dealsByIds(db: Queryable, org: string, ids: readonly string[]): Promise<DealRow[]> {
  const { rows } = await db.query<DealRow>(`SELECT * FROM deals WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

export async function dealsByCompanyIds(db: Queryable, org: string, companyIds: readonly string[]): Promise<DealRow[]> {
  const { rows } = await db.query<DealRow>(
    `SELECT * FROM deals WHERE org_id = $1 AND company_id = ANY($2) ORDER BY created_at DESC, id DESC`,
    [org, companyIds],
  );
  return rows;
}
