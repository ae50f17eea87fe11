import DataLoader from 'dataloader';
import type { Queryable } from '@onegraph/db';
import { latestHealthOfCompanies } from './store.ts';

/** Each company's latest health score (null before the first one). */
export function healthLoaders(db: Queryable, org: string) {
  return {
    latestHealth: new DataLoader<string, Awaited<ReturnType<typeof latestHealthOfCompanies>>[number] | null>(async (ids) => {
      const rows = new Map((await latestHealthOfCompanies(db, org, ids)).map((r) => [r.company_id, r]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
  };
}

type HealthLoaders = ReturnType<typeof healthLoaders>;

// part of every request's `ctx.loaders` (src/loaders.ts builds them)
declare module '../../core/loaders.ts' {
  interface Loaders extends HealthLoaders {}
}
