import type { Queryable } from '@onegraph/db';
import type { ContactRow } from './rows.ts';

export async function contactsByIds(db: Queryable, org: string, ids: readonly string[]): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(`SELECT * FROM contacts WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

export async function contactsByCompanyIds(db: Queryable, org: string, companyIds: readonly string[]): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    `SELECT * FROM contacts WHERE org_id = $1 AND company_id = ANY($2) ORDER BY is_primary DESC, last_name, first_name, id`,
    [org, companyIds],
  );
  return rows;
}
