import type { Queryable } from '@onegraph/db';
import { fetchPage, type Sort, type Sorted } from '../../core/page.ts';
import type { DealRow, LineItemRow, StageChangeRow } from '../../core/rows.ts';
import { escapeLike, Where } from '../../core/sql.ts';

export async function dealsByIds(db: Queryable, org: string, ids: readonly string[]): Promise<DealRow[]> {
  const { rows } = await db.query<DealRow>(`SELECT * FROM deals WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

export async function dealsByCompanyIds(db: Queryable, org: string, companyIds: readonly string[]): Promise<DealRow[]> {
  const { rows } = await db.query<DealRow>(`SELECT * FROM deals WHERE org_id = $1 AND company_id = ANY($2) ORDER BY created_at DESC, id DESC`, [
    org,
    companyIds,
  ]);
  return rows;
}

export interface DealListFilter {
  pipelineId?: string | null | undefined;
  stageId?: string | null | undefined;
  status?: readonly string[] | null | undefined;
  companyId?: string | null | undefined;
  ownerId?: string | null | undefined;
  expectedCloseFrom?: string | null | undefined;
  expectedCloseTo?: string | null | undefined;
  search?: string | null | undefined;
}

export const dealSorts: Record<string, Omit<Sort, 'desc'>> = {
  CREATED_AT: { expr: 'created_at', cast: 'timestamptz' },
  UPDATED_AT: { expr: 'updated_at', cast: 'timestamptz' },
  TITLE: { expr: 'lower(title)', cast: 'text' },
  VALUE: { expr: 'value', cast: 'numeric' },
  EXPECTED_CLOSE_DATE: { expr: `COALESCE(expected_close_date, '9999-12-31'::date)`, cast: 'date' },
};

export async function listDeals(
  db: Queryable,
  org: string,
  page: { first: number; after?: string | null | undefined; filter?: DealListFilter | null | undefined; sort?: { field: string; desc: boolean } | null },
): Promise<Sorted<DealRow>[]> {
  const f = page.filter ?? {};
  const w = new Where()
    .add('org_id = ?', org)
    .maybe('pipeline_id = ?', f.pipelineId)
    .maybe('stage_id = ?', f.stageId)
    .maybe('company_id = ?', f.companyId)
    .maybe('owner_id = ?', f.ownerId)
    .maybe('expected_close_date >= ?::date', f.expectedCloseFrom)
    .maybe('expected_close_date <= ?::date', f.expectedCloseTo);
  if (f.status?.length) w.add('status = ANY(?)', f.status);
  if (f.search) w.add('title ILIKE ?', `%${escapeLike(f.search)}%`);
  const sort = dealSorts[page.sort?.field || 'CREATED_AT']!;
  return fetchPage<DealRow>(db, 'deals', w, { ...sort, desc: page.sort?.desc ?? true }, page.first, page.after);
}

export async function insertDeal(db: Queryable, org: string, columns: Record<string, unknown>): Promise<DealRow> {
  const all = { org_id: org, ...columns };
  const names = Object.keys(all);
  const { rows } = await db.query<DealRow>(
    `INSERT INTO deals (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    Object.values(all),
  );
  return rows[0]!;
}

export async function insertStageChange(
  db: Queryable,
  org: string,
  c: { dealId: string; from: string | null; to: string; reason: string | null; by: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO deal_stage_history (org_id, deal_id, from_stage_id, to_stage_id, reason, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [org, c.dealId, c.from, c.to, c.reason, c.by, c.at],
  );
}

export async function stageHistoryOfDeals(db: Queryable, org: string, dealIds: readonly string[]): Promise<StageChangeRow[]> {
  const { rows } = await db.query<StageChangeRow>(`SELECT * FROM deal_stage_history WHERE org_id = $1 AND deal_id = ANY($2) ORDER BY seq DESC`, [org, dealIds]);
  return rows;
}

/** The newest stage change among a company's deals. */
export async function lastStageChangeOfCompany(db: Queryable, org: string, companyId: string): Promise<StageChangeRow | null> {
  const { rows } = await db.query<StageChangeRow>(
    `SELECT h.* FROM deal_stage_history h JOIN deals d ON d.org_id = h.org_id AND d.id = h.deal_id
     WHERE h.org_id = $1 AND d.company_id = $2 AND h.from_stage_id IS NOT NULL ORDER BY h.seq DESC LIMIT 1`,
    [org, companyId],
  );
  return rows[0] ?? null;
}

export async function lineItemsOf(db: Queryable, org: string, kind: 'deal' | 'quote', ownerIds: readonly string[]): Promise<LineItemRow[]> {
  const { rows } = await db.query<LineItemRow>(
    `SELECT * FROM line_items WHERE org_id = $1 AND owner_kind = $2 AND owner_id = ANY($3) ORDER BY owner_id, position`,
    [org, kind, ownerIds],
  );
  return rows;
}

export type NewLineItem = Omit<LineItemRow, 'org_id' | 'owner_kind' | 'owner_id' | 'position'>;

export async function replaceLineItems(
  db: Queryable,
  org: string,
  kind: 'deal' | 'quote',
  ownerId: string,
  items: readonly NewLineItem[],
): Promise<LineItemRow[]> {
  await db.query(`DELETE FROM line_items WHERE org_id = $1 AND owner_kind = $2 AND owner_id = $3`, [org, kind, ownerId]);
  if (items.length === 0) return [];
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const values = items.map(
    (it, i) =>
      `(${p(org)}, ${p(kind)}, ${p(ownerId)}, ${p(i)}, ${p(it.service)}, ${p(it.description)}, ${p(it.quantity)}, ${p(it.unit_price)}, ${p(it.billing)}, ${p(it.gl_account)}, ${p(it.taxable)})`,
  );
  const { rows } = await db.query<LineItemRow>(
    `INSERT INTO line_items (org_id, owner_kind, owner_id, position, service, description, quantity, unit_price, billing, gl_account, taxable) VALUES ${values.join(', ')} RETURNING *`,
    params,
  );
  return rows;
}
