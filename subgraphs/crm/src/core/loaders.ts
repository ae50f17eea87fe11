import DataLoader from 'dataloader';
import type { Queryable } from '@onegraph/db';

/**
 * The per-request loaders (`CrmContext.loaders`). Empty here: each feature
 * adds its own loaders to this interface from its `loaders.ts`, by
 * declaration merging (`declare module '../../core/loaders.ts'`), so the
 * core names none of them; `createLoaders` (src/loaders.ts) builds them all.
 */
export interface Loaders {}

/** Fetches the organisation's rows for a batch of keys. */
export type Fetch<R> = (db: Queryable, org: string, ids: readonly string[]) => Promise<R[]>;

/** Loads rows by id; a miss (missing, or another organisation's) is null. */
export function byId<R extends { id: string }>(db: Queryable, org: string, fetch: Fetch<R>) {
  return new DataLoader<string, R | null>(async (ids) => {
    const rows = new Map((await fetch(db, org, ids)).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

/** Loads the rows that point at each key through `keyOf`, in the order the fetch returns them. */
export function grouped<R>(db: Queryable, org: string, fetch: Fetch<R>, keyOf: (row: R) => string) {
  return new DataLoader<string, R[]>(async (keys) => {
    const groups = new Map<string, R[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(db, org, keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

/** The row a foreign key points at. Rows reference each other by foreign key, so a miss is a bug worth naming. */
export async function required<R>(loader: DataLoader<string, R | null>, id: string, what: string): Promise<R> {
  const row = await loader.load(id);
  if (!row) throw new Error(`${what} ${id} referenced by a row was not found`);
  return row;
}
