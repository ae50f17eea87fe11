import DataLoader from 'dataloader';
import type { Queryable } from '@onegraph/db';
import { bouncedAmong } from './store.ts';

/** Whether mail to an address bounced: every address of a page in one query. */
export function consentLoaders(db: Queryable, org: string) {
  return {
    bounced: new DataLoader<string, boolean>(async (addresses) => {
      const bounced = await bouncedAmong(db, org, addresses);
      return addresses.map((a) => bounced.has(a));
    }),
  };
}

type ConsentLoaders = ReturnType<typeof consentLoaders>;

// part of every request's `ctx.loaders` (src/loaders.ts builds them)
declare module '../../core/loaders.ts' {
  interface Loaders extends ConsentLoaders {}
}
