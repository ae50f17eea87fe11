import type { Queryable } from '@onegraph/db';
import type { ParkedEventRow } from '../core/rows.ts';
import { fetchPage, type Sorted } from '../core/page.ts';
import { Where } from '../core/sql.ts';

export async function parkedEventById(db: Queryable, org: string, id: string): Promise<ParkedEventRow | undefined> {
  const { rows } = await db.query<ParkedEventRow>(`SELECT * FROM parked_events WHERE org_id = $1 AND id = $2`, [org, id]);
  return rows[0];
}

/** The organisation's parked events, newest first; unresolved only unless `includeResolved`. */
export function listParkedEvents(db: Queryable, org: string, first: number, after: string | null | undefined, includeResolved: boolean): Promise<Sorted<ParkedEventRow>[]> {
  const where = new Where().add('org_id = ?', org);
  if (!includeResolved) where.add('resolved_at IS NULL');
  return fetchPage<ParkedEventRow>(db, 'parked_events', where, { expr: 'parked_at', cast: 'timestamptz', desc: true }, first, after);
}
