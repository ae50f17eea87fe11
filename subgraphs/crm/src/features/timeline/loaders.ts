import DataLoader from 'dataloader';
import type { Queryable } from '@onegraph/db';
import { byId } from '../../core/loaders.ts';
import type { ActivityRow } from '../../core/rows.ts';
import { activitiesByIds, timelinesOf, type TimelineShape } from './store.ts';

export interface TimelineKey extends TimelineShape {
  /** The company, contact or deal whose timeline it is. */
  ownerId: string;
}

const shapeKey = (k: TimelineShape) => JSON.stringify([k.scope, k.limit, k.after, k.types, k.since?.toISOString() ?? null, k.until?.toISOString() ?? null]);

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

/** Activities by id, and timelines (a page of a company's, contact's or deal's activities). */
export function timelineLoaders(db: Queryable, org: string) {
  return {
    activity: byId(db, org, activitiesByIds),
    timeline: timelineLoader(db, org),
  };
}

type TimelineLoaders = ReturnType<typeof timelineLoaders>;

// part of every request's `ctx.loaders` (src/loaders.ts builds them)
declare module '../../core/loaders.ts' {
  interface Loaders extends TimelineLoaders {}
}
