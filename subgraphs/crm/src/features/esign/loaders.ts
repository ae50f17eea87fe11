import type { Queryable } from '@onegraph/db';
import { byId } from '../../core/loaders.ts';
import { esignByIds } from './store.ts';

/** E-sign documents by id. */
export function esignLoaders(db: Queryable, org: string) {
  return { esign: byId(db, org, esignByIds) };
}

type EsignLoaders = ReturnType<typeof esignLoaders>;

// part of every request's `ctx.loaders` (src/loaders.ts builds them)
declare module '../../core/loaders.ts' {
  interface Loaders extends EsignLoaders {}
}
