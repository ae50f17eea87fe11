import type { Queryable } from '@onegraph/db';
import { fetchPage, type Sorted } from '../../core/page.ts';
import type { EsignRow } from '../../core/rows.ts';
import { Where } from '../../core/sql.ts';

export async function esignByIds(db: Queryable, org: string, ids: readonly string[]): Promise<EsignRow[]> {
  const { rows } = await db.query<EsignRow>(`SELECT * FROM esign_documents WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

export interface EsignListFilter {
  status?: readonly string[] | null | undefined;
  kind?: readonly string[] | null | undefined;
  companyId?: string | null | undefined;
  dealId?: string | null | undefined;
}

export async function listEsign(
  db: Queryable,
  org: string,
  filter: EsignListFilter | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<Sorted<EsignRow>[]> {
  const f = filter ?? {};
  const w = new Where().add('org_id = ?', org).maybe('company_id = ?', f.companyId).maybe('deal_id = ?', f.dealId);
  if (f.status?.length) w.add('status = ANY(?)', f.status);
  if (f.kind?.length) w.add('kind = ANY(?)', f.kind);
  return fetchPage<EsignRow>(db, 'esign_documents', w, { expr: 'created_at', cast: 'timestamptz', desc: true }, first, after);
}

export async function insertEsign(db: Queryable, org: string, columns: Record<string, unknown>): Promise<EsignRow> {
  const all = { org_id: org, ...columns };
  const names = Object.keys(all);
  const { rows } = await db.query<EsignRow>(
    `INSERT INTO esign_documents (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    Object.values(all),
  );
  return rows[0]!;
}
