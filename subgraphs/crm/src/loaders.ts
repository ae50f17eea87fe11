import DataLoader from 'dataloader';
import type { Queryable } from '@onegraph/db';
import { activitiesByIds, timelinesOf, type TimelineShape } from './features/timeline/store.ts';
import { companiesByIds, statusHistoryOfCompanies } from './features/companies/store.ts';
import { contactsByCompanyIds, contactsByIds } from './features/contacts/store.ts';
import { dealsByCompanyIds, dealsByIds, lineItemsOf, stageHistoryOfDeals } from './features/deals/store.ts';
import { esignByIds } from './features/esign/store.ts';
import { latestHealthOfCompanies } from './features/health/store.ts';
import { pipelinesByIds, stagesByIds, stagesOfPipelines } from './features/deals/pipeline-store.ts';
import { quotesByIds, quotesOf } from './features/quotes/store.ts';
import type { ActivityRow } from './core/rows.ts';

type Fetch<R> = (db: Queryable, org: string, ids: readonly string[]) => Promise<R[]>;

/** Loads rows by id; a miss (missing, or another organisation's) is null. */
function byId<R extends { id: string }>(db: Queryable, org: string, fetch: Fetch<R>) {
  return new DataLoader<string, R | null>(async (ids) => {
    const rows = new Map((await fetch(db, org, ids)).map((r) => [r.id, r]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

/** Loads the rows that point at each key through `keyOf`, in the order the fetch returns them. */
function grouped<R>(db: Queryable, org: string, fetch: Fetch<R>, keyOf: (row: R) => string) {
  return new DataLoader<string, R[]>(async (keys) => {
    const groups = new Map<string, R[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(db, org, keys)) groups.get(keyOf(row))?.push(row);
    return keys.map((k) => groups.get(k) ?? []);
  });
}

export interface TimelineKey extends TimelineShape {
  /** The company, contact or deal whose timeline it is. */
  ownerId: string;
}

const shapeKey = (k: TimelineShape) =>
  JSON.stringify([k.scope, k.limit, k.after, k.types, k.since?.toISOString() ?? null, k.until?.toISOString() ?? null]);

/** Timelines: keys asking for the same page shape share one windowed query. */
function timelineLoader(db: Queryable, org: string) {
  return new DataLoader<TimelineKey, ActivityRow[], string>(
    async (keys) => {
      const shapes = new Map<string, TimelineKey[]>();
      for (const key of keys) shapes.set(shapeKey(key), [...(shapes.get(shapeKey(key)) ?? []), key]);
      const results = new Map<string, ActivityRow[]>();
      for (const [shape, group] of shapes) {
        const rows = (await timelinesOf(db, org, [...new Set(group.map((k) => k.ownerId))], group[0]!)) as (ActivityRow & { owner_id: string })[];
        for (const key of group) results.set(`${shape}|${key.ownerId}`, []);
        for (const row of rows) results.get(`${shape}|${row.owner_id}`)?.push(row);
      }
      return keys.map((key) => results.get(`${shapeKey(key)}|${key.ownerId}`) ?? []);
    },
    { cacheKeyFn: (key) => `${shapeKey(key)}|${key.ownerId}` },
  );
}

/**
 * One set of loaders per request, bound to the caller's organisation: a
 * loader can never hand one tenant's rows to another, and nothing is cached
 * across requests. Every relation a list can ask for is batched here, so a
 * page costs a fixed number of statements whatever its size.
 */
export function createLoaders(db: Queryable, org: string) {
  return {
    company: byId(db, org, companiesByIds),
    contact: byId(db, org, contactsByIds),
    deal: byId(db, org, dealsByIds),
    activity: byId(db, org, activitiesByIds),
    pipeline: byId(db, org, pipelinesByIds),
    stage: byId(db, org, stagesByIds),
    quote: byId(db, org, quotesByIds),
    esign: byId(db, org, esignByIds),
    contactsByCompany: grouped(db, org, contactsByCompanyIds, (r) => r.company_id),
    dealsByCompany: grouped(db, org, dealsByCompanyIds, (r) => r.company_id),
    quotesByCompany: grouped(db, org, (d, o, ids) => quotesOf(d, o, 'company_id', ids), (r) => r.company_id),
    quotesByDeal: grouped(db, org, (d, o, ids) => quotesOf(d, o, 'deal_id', ids), (r) => r.deal_id ?? ''),
    stagesByPipeline: grouped(db, org, stagesOfPipelines, (r) => r.pipeline_id),
    statusHistory: grouped(db, org, statusHistoryOfCompanies, (r) => r.company_id),
    stageHistory: grouped(db, org, stageHistoryOfDeals, (r) => r.deal_id),
    dealLineItems: grouped(db, org, (d, o, ids) => lineItemsOf(d, o, 'deal', ids), (r) => r.owner_id),
    quoteLines: grouped(db, org, (d, o, ids) => lineItemsOf(d, o, 'quote', ids), (r) => r.owner_id),
    latestHealth: new DataLoader<string, Awaited<ReturnType<typeof latestHealthOfCompanies>>[number] | null>(async (ids) => {
      const rows = new Map((await latestHealthOfCompanies(db, org, ids)).map((r) => [r.company_id, r]));
      return ids.map((id) => rows.get(id) ?? null);
    }),
    timeline: timelineLoader(db, org),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The row a foreign key points at. Rows reference each other by foreign key, so a miss is a bug worth naming. */
export async function required<R>(loader: DataLoader<string, R | null>, id: string, what: string): Promise<R> {
  const row = await loader.load(id);
  if (!row) throw new Error(`${what} ${id} referenced by a row was not found`);
  return row;
}

export const requireCompany = (loaders: Loaders, companyId: string) => required(loaders.company, companyId, 'company');
