import type { Queryable } from '@onegraph/db';
import { setClause, Where } from './sql.ts';

/**
 * Updates the given columns of one row (undefined ones are left as they
 * are), bumps its version and returns it. Callers lock and version-check
 * the row first (`lockRow`).
 */
export async function updateRow<R>(db: Queryable, table: string, org: string, id: string, values: Record<string, unknown>, now: Date): Promise<R> {
  const w = new Where();
  const set = setClause(w, values, now);
  w.add('org_id = ?', org).add('id = ?', id);
  const { rows } = await db.query<R>(`UPDATE ${table} SET ${set} WHERE ${w} RETURNING *`, w.params);
  return rows[0]!;
}
