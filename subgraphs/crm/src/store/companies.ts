import type { Queryable } from '@onegraph/db';
import { decodeCursor } from './cursor.ts';
import type { CompanyRow } from './rows.ts';

export async function companiesByIds(db: Queryable, org: string, ids: readonly string[]): Promise<CompanyRow[]> {
  const { rows } = await db.query<CompanyRow>(`SELECT * FROM companies WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

/** One page by name then id, fetching one row more than asked to know if there is a next page. */
export async function listCompanies(db: Queryable, org: string, first: number, after?: string | null): Promise<CompanyRow[]> {
  if (after) {
    const c = decodeCursor(after);
    const { rows } = await db.query<CompanyRow>(
      `SELECT * FROM companies WHERE org_id = $1 AND (name, id) > ($2, $3) ORDER BY name, id LIMIT $4`,
      [org, c.sortKey, c.id, first + 1],
    );
    return rows;
  }
  const { rows } = await db.query<CompanyRow>(`SELECT * FROM companies WHERE org_id = $1 ORDER BY name, id LIMIT $2`, [org, first + 1]);
  return rows;
}
