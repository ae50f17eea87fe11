import type { Queryable } from '@onegraph/db';
import { fetchPage, type Sort, type Sorted } from '../../core/page.ts';
import type { ContactRow, PhoneEntry } from '../../core/rows.ts';
import { escapeLike, Where } from '../../core/sql.ts';

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

/** Who has this E.164 number: a primary contact first, then the most recently updated. */
export async function contactByPhone(db: Queryable, org: string, e164: string): Promise<ContactRow | null> {
  const { rows } = await db.query<ContactRow>(
    `SELECT * FROM contacts WHERE org_id = $1 AND phone_numbers @> ARRAY[$2]::text[] ORDER BY is_primary DESC, updated_at DESC, id LIMIT 1`,
    [org, e164],
  );
  return rows[0] ?? null;
}

export interface ContactListFilter {
  companyId?: string | null | undefined;
  search?: string | null | undefined;
  email?: string | null | undefined;
  isPrimary?: boolean | null | undefined;
}

export const contactSorts: Record<string, Omit<Sort, 'desc'>> = {
  NAME: { expr: `lower(last_name || ' ' || first_name)`, cast: 'text' },
  CREATED_AT: { expr: 'created_at', cast: 'timestamptz' },
  UPDATED_AT: { expr: 'updated_at', cast: 'timestamptz' },
};

export async function listContacts(
  db: Queryable,
  org: string,
  page: { first: number; after?: string | null | undefined; filter?: ContactListFilter | null | undefined; sort?: { field: string; desc: boolean } | null },
): Promise<Sorted<ContactRow>[]> {
  const f = page.filter ?? {};
  const w = new Where().add('org_id = ?', org).maybe('company_id = ?', f.companyId).maybe('is_primary = ?', f.isPrimary);
  if (f.email) w.add('emails @> ARRAY[?]::text[]', f.email.trim().toLowerCase());
  if (f.search) {
    const like = `%${escapeLike(f.search)}%`;
    w.add(`(first_name || ' ' || last_name ILIKE ? OR array_to_string(emails, ' ') ILIKE ?)`, like, like);
  }
  const sort = contactSorts[page.sort?.field || 'NAME']!;
  return fetchPage<ContactRow>(db, 'contacts', w, { ...sort, desc: page.sort?.desc ?? false }, page.first, page.after);
}

export interface ContactValues {
  firstName: string;
  lastName: string;
  emails: string[];
  phones: PhoneEntry[];
  title: string | null;
  isPrimary: boolean;
}

/** The columns a contact's values are stored in (primary email and phone mirrored for old readers). */
export function contactColumns(v: Partial<ContactValues>): Record<string, unknown> {
  return {
    first_name: v.firstName,
    last_name: v.lastName,
    emails: v.emails,
    email: v.emails ? (v.emails[0] ?? null) : undefined,
    phones: v.phones ? JSON.stringify(v.phones) : undefined,
    phone_numbers: v.phones?.map((p) => p.number),
    phone: v.phones ? (v.phones[0]?.number ?? null) : undefined,
    title: v.title,
    is_primary: v.isPrimary,
  };
}

export async function insertContact(db: Queryable, org: string, id: string, companyId: string, v: ContactValues, now: Date): Promise<ContactRow> {
  const columns = { org_id: org, id, company_id: companyId, ...contactColumns(v), created_at: now, updated_at: now };
  const names = Object.keys(columns);
  const { rows } = await db.query<ContactRow>(
    `INSERT INTO contacts (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    Object.values(columns),
  );
  return rows[0]!;
}

/** Makes no contact of the company primary (before another becomes it); returns the ones changed. */
export async function clearPrimary(db: Queryable, org: string, companyId: string, now: Date): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    `UPDATE contacts SET is_primary = false, version = version + 1, updated_at = $3 WHERE org_id = $1 AND company_id = $2 AND is_primary RETURNING *`,
    [org, companyId, now],
  );
  return rows;
}
