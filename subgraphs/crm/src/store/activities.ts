import type { Queryable } from '@onegraph/db';
import { decodeCursor } from './cursor.ts';
import type { ActivityRow } from './rows.ts';

export async function activitiesByIds(db: Queryable, org: string, ids: readonly string[]): Promise<ActivityRow[]> {
  const { rows } = await db.query<ActivityRow>(`SELECT * FROM activities WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

/**
 * The newest `limit` activities of each company after one cursor, in one
 * statement for all the companies (a window per company), so a page of
 * companies with their timelines costs one query, not one per company.
 */
export async function activitiesOfCompanies(
  db: Queryable,
  org: string,
  companyIds: readonly string[],
  limit: number,
  after?: string | null,
): Promise<ActivityRow[]> {
  const params: unknown[] = [org, companyIds, limit];
  let afterClause = '';
  if (after) {
    const c = decodeCursor(after);
    params.push(c.sortKey, c.id);
    afterClause = `AND (occurred_at, id) < ($4::timestamptz, $5)`;
  }
  const { rows } = await db.query<ActivityRow>(
    `SELECT * FROM (
       SELECT a.*, row_number() OVER (PARTITION BY company_id ORDER BY occurred_at DESC, id DESC) AS rank
       FROM activities a WHERE org_id = $1 AND company_id = ANY($2) ${afterClause}
     ) ranked WHERE rank <= $3 ORDER BY company_id, occurred_at DESC, id DESC`,
    params,
  );
  return rows;
}

export interface NewActivity {
  id: string;
  companyId: string;
  contactId?: string | null;
  dealId?: string | null;
  type: string;
  summary: string;
  source: string;
  externalRef?: string | null;
  occurredAt: Date;
}

export async function insertActivity(db: Queryable, org: string, a: NewActivity): Promise<ActivityRow> {
  const { rows } = await db.query<ActivityRow>(
    `INSERT INTO activities (org_id, id, company_id, contact_id, deal_id, type, summary, source, external_ref, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
    [org, a.id, a.companyId, a.contactId ?? null, a.dealId ?? null, a.type, a.summary, a.source, a.externalRef ?? null, a.occurredAt],
  );
  return rows[0]!;
}
