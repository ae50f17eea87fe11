import { badInput } from '@onegraph/errors';
import type { Queryable } from '@onegraph/db';
import { decodeCursor } from '@onegraph/db';
import { type Where } from './sql.ts';

export type SortCast = 'text' | 'timestamptz' | 'numeric' | 'integer' | 'date';

/** A keyset sort: an SQL expression that is never NULL, its type, and the direction. */
export interface Sort {
  expr: string;
  cast: SortCast;
  desc: boolean;
}

const keyFormats: Record<SortCast, RegExp> = {
  text: /^[\s\S]*$/,
  timestamptz: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}(:?\d{2})?|Z)?$/,
  numeric: /^-?\d+(\.\d+)?$/,
  integer: /^-?\d+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
};

export type Sorted<R> = R & { _sort: string };

/**
 * One page of `table` in keyset order: rows after the cursor, `first + 1` of
 * them (the extra one says whether there is a next page). Each row carries
 * its sort key as PostgreSQL prints it (`_sort`, full precision), which is
 * what its cursor holds. A cursor made for another sort is refused.
 */
export async function fetchPage<R>(
  db: Queryable,
  table: string,
  where: Where,
  sort: Sort,
  first: number,
  after: string | null | undefined,
): Promise<Sorted<R>[]> {
  if (after) {
    const c = decodeCursor(after);
    if (!keyFormats[sort.cast].test(c.sortKey)) throw badInput('This cursor belongs to another sort order', { argument: 'after' });
    where.add(`(${sort.expr}, id) ${sort.desc ? '<' : '>'} (?::${sort.cast}, ?)`, c.sortKey, c.id);
  }
  const dir = sort.desc ? 'DESC' : 'ASC';
  const { rows } = await db.query<Sorted<R>>(
    `SELECT *, (${sort.expr})::text AS _sort FROM ${table} WHERE ${where} ORDER BY ${sort.expr} ${dir}, id ${dir} LIMIT ${first + 1}`,
    where.params,
  );
  return rows;
}
