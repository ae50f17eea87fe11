import DataLoader from 'dataloader';
import type { Queryable } from '@onegraph/db';
import { activitiesByIds, activitiesOfCompanies } from './store/activities.ts';
import { companiesByIds } from './store/companies.ts';
import { contactsByCompanyIds, contactsByIds } from './store/contacts.ts';
import { dealsByCompanyIds, dealsByIds } from './store/deals.ts';
import type { ActivityRow } from './store/rows.ts';

type ById<R> = (db: Queryable, org: string, ids: readonly string[]) => Promise<R[]>;

function byId<R extends { id: string }>(db: Queryable, org: string, fetch: ById<R>) {
  return new DataLoader<string, R | null>(async (ids) => {
    const rows = new Map((await fetch(db, org, ids)).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

function byCompany<R extends { company_id: string }>(db: Queryable, org: string, fetch: ById<R>) {
  return new DataLoader<string, R[]>(async (companyIds) => {
    const groups = new Map<string, R[]>(companyIds.map((id) => [id, []]));
    for (const row of await fetch(db, org, companyIds)) groups.get(row.company_id)?.push(row);
    return companyIds.map((id) => groups.get(id) ?? []);
  });
}

export interface TimelineKey {
  companyId: string;
  /** Rows wanted: the page size plus one, to know whether there is a next page. */
  limit: number;
  after: string | null;
}

/**
 * One set of loaders per request, bound to the caller's organisation: a
 * loader can never hand one tenant's rows to another, and nothing is cached
 * across requests.
 */
export function createLoaders(db: Queryable, org: string) {
  return {
    company: byId(db, org, companiesByIds),
    contact: byId(db, org, contactsByIds),
    deal: byId(db, org, dealsByIds),
    activity: byId(db, org, activitiesByIds),
    contactsByCompany: byCompany(db, org, contactsByCompanyIds),
    dealsByCompany: byCompany(db, org, dealsByCompanyIds),
    timeline: new DataLoader<TimelineKey, ActivityRow[], string>(
      async (keys) => {
        // keys asking for the same page shape share one windowed query
        const shapes = new Map<string, TimelineKey[]>();
        for (const key of keys) {
          const shape = `${key.limit}:${key.after ?? ''}`;
          shapes.set(shape, [...(shapes.get(shape) ?? []), key]);
        }
        const results = new Map<string, ActivityRow[]>();
        for (const group of shapes.values()) {
          const { limit, after } = group[0]!;
          const rows = await activitiesOfCompanies(db, org, group.map((k) => k.companyId), limit, after);
          for (const key of group) results.set(JSON.stringify(key), []);
          for (const row of rows) results.get(JSON.stringify({ companyId: row.company_id, limit, after }))?.push(row);
        }
        return keys.map((key) => results.get(JSON.stringify(key)) ?? []);
      },
      { cacheKeyFn: (key) => JSON.stringify({ companyId: key.companyId, limit: key.limit, after: key.after }) },
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The company a row points at. Rows reference companies by foreign key, so a miss is a bug worth naming. */
export async function requireCompany(loaders: Loaders, companyId: string) {
  const company = await loaders.company.load(companyId);
  if (!company) throw new Error(`company ${companyId} referenced by a row was not found`);
  return company;
}
