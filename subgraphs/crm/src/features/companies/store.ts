import type { Queryable } from '@onegraph/db';
import { fetchPage, type Sort, type Sorted } from '../../core/page.ts';
import type { CompanyRow, StatusChangeRow } from '../../core/rows.ts';
import { escapeLike, Where } from '../../core/sql.ts';

export async function companiesByIds(db: Queryable, org: string, ids: readonly string[]): Promise<CompanyRow[]> {
  const { rows } = await db.query<CompanyRow>(`SELECT * FROM companies WHERE org_id = $1 AND id = ANY($2)`, [org, ids]);
  return rows;
}

export interface CompanyListFilter {
  status?: readonly string[] | null | undefined;
  ownerId?: string | null | undefined;
  tags?: readonly string[] | null | undefined;
  search?: string | null | undefined;
  psaSyncState?: string | null | undefined;
  healthBelow?: number | null | undefined;
}

export const companySorts: Record<string, Omit<Sort, 'desc'>> = {
  NAME: { expr: 'name', cast: 'text' },
  CREATED_AT: { expr: 'created_at', cast: 'timestamptz' },
  UPDATED_AT: { expr: 'updated_at', cast: 'timestamptz' },
  HEALTH_SCORE: { expr: 'COALESCE(health_score, -1)', cast: 'integer' },
};

/** One page of the organisation's companies, filtered and sorted (keyset pagination). */
export async function listCompanies(
  db: Queryable,
  org: string,
  page: { first: number; after?: string | null | undefined; filter?: CompanyListFilter | null | undefined; sort?: { field: string; desc: boolean } | null },
): Promise<Sorted<CompanyRow>[]> {
  const f = page.filter ?? {};
  const w = new Where().add('org_id = ?', org);
  if (f.status?.length) w.add('status = ANY(?)', f.status);
  w.maybe('owner_id = ?', f.ownerId);
  if (f.tags?.length)
    w.add(
      'tags && ?::text[]',
      f.tags.map((t) => t.toLowerCase()),
    );
  if (f.search) w.add(`(name ILIKE ? OR array_to_string(domains, ' ') ILIKE ?)`, `%${escapeLike(f.search)}%`, `%${escapeLike(f.search)}%`);
  w.maybe('psa_sync_state = ?', f.psaSyncState);
  w.maybe('health_score < ?', f.healthBelow);
  const sort = companySorts[page.sort?.field || 'NAME']!;
  return fetchPage<CompanyRow>(db, 'companies', w, { ...sort, desc: page.sort?.desc ?? false }, page.first, page.after);
}

export interface CompanyValues {
  name: string;
  domains: string[];
  phone: string | null;
  website: string | null;
  address: Record<string, unknown> | null;
  industry: string | null;
  ownerId: string | null;
  status: string;
  tags: string[];
}

export async function insertCompany(db: Queryable, org: string, id: string, v: CompanyValues, now: Date): Promise<CompanyRow> {
  const { rows } = await db.query<CompanyRow>(
    `INSERT INTO companies (org_id, id, name, domain, domains, phone, website, address, industry, owner_id, status, tags, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING *`,
    [
      org,
      id,
      v.name,
      v.domains[0] ?? null,
      v.domains,
      v.phone,
      v.website,
      v.address ? JSON.stringify(v.address) : null,
      v.industry,
      v.ownerId,
      v.status,
      v.tags,
      now,
    ],
  );
  return rows[0]!;
}

export async function insertStatusChange(
  db: Queryable,
  org: string,
  change: { companyId: string; from: string | null; to: string; reason: string | null; by: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO company_status_history (org_id, company_id, from_status, to_status, reason, changed_by, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [org, change.companyId, change.from, change.to, change.reason, change.by, change.at],
  );
}

export async function statusHistoryOfCompanies(db: Queryable, org: string, companyIds: readonly string[]): Promise<StatusChangeRow[]> {
  const { rows } = await db.query<StatusChangeRow>(`SELECT * FROM company_status_history WHERE org_id = $1 AND company_id = ANY($2) ORDER BY seq DESC`, [
    org,
    companyIds,
  ]);
  return rows;
}
