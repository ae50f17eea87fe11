import type { Queryable } from '@onegraph/db';
import { fetchPage, type Sorted } from '../../core/page.ts';
import type { QuoteRow } from '../../core/rows.ts';
import { Where } from '../../core/sql.ts';

export async function quotesByIds(db: Queryable, org: string, ids: readonly string[]): Promise<QuoteRow[]> {
  const { rows } = await db.query<QuoteRow>(`SELECT * FROM quotes WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

export async function quoteByShareToken(db: Queryable, org: string, token: string): Promise<QuoteRow | null> {
  const { rows } = await db.query<QuoteRow>(`SELECT * FROM quotes WHERE org_id = $1 AND share_token = $2`, [org, token]);
  return rows[0] ?? null;
}

/** Quotes of companies or of deals (`column`), newest first. */
export async function quotesOf(db: Queryable, org: string, column: 'company_id' | 'deal_id', ids: readonly string[]): Promise<QuoteRow[]> {
  const { rows } = await db.query<QuoteRow>(`SELECT * FROM quotes WHERE org_id = $1 AND ${column} = ANY($2) ORDER BY created_at DESC, id DESC`, [org, ids]);
  return rows;
}

export interface QuoteListFilter {
  status?: readonly string[] | null | undefined;
  companyId?: string | null | undefined;
  dealId?: string | null | undefined;
}

export async function listQuotes(
  db: Queryable,
  org: string,
  filter: QuoteListFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Sorted<QuoteRow>[]> {
  const f = filter ?? {};
  const w = new Where().add('org_id = ?', org).maybe('company_id = ?', f.companyId).maybe('deal_id = ?', f.dealId);
  if (f.status?.length) w.add('status = ANY(?)', f.status);
  return fetchPage<QuoteRow>(db, 'quotes', w, { expr: 'created_at', cast: 'timestamptz', desc: true }, first, after);
}

/** The next value of an organisation's counter (quote numbers), in the caller's transaction. */
export async function nextCounter(db: Queryable, org: string, name: string, start: number): Promise<number> {
  const { rows } = await db.query<{ value: string }>(
    `INSERT INTO org_counters (org_id, name, value) VALUES ($1, $2, $3) ON CONFLICT (org_id, name) DO UPDATE SET value = org_counters.value + 1 RETURNING value`,
    [org, name, start],
  );
  return Number(rows[0]!.value);
}

export async function insertQuote(db: Queryable, org: string, columns: Record<string, unknown>): Promise<QuoteRow> {
  const all = { org_id: org, ...columns };
  const names = Object.keys(all);
  const { rows } = await db.query<QuoteRow>(
    `INSERT INTO quotes (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    Object.values(all),
  );
  return rows[0]!;
}
