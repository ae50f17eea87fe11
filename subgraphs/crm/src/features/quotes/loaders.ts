import type { Queryable } from '@onegraph/db';
import { byId, grouped } from '../../core/loaders.ts';
import { lineItemsOf } from '../deals/store.ts';
import { quotesByIds, quotesOf } from './store.ts';

/** Quotes by id; each company's and each deal's quotes, and each quote's lines. */
export function quoteLoaders(db: Queryable, org: string) {
  return {
    quote: byId(db, org, quotesByIds),
    quotesByCompany: grouped(
      db,
      org,
      (d, o, ids) => quotesOf(d, o, 'company_id', ids),
      (r) => r.company_id,
    ),
    quotesByDeal: grouped(
      db,
      org,
      (d, o, ids) => quotesOf(d, o, 'deal_id', ids),
      (r) => r.deal_id ?? '',
    ),
    quoteLines: grouped(
      db,
      org,
      (d, o, ids) => lineItemsOf(d, o, 'quote', ids),
      (r) => r.owner_id,
    ),
  };
}

type QuoteLoaders = ReturnType<typeof quoteLoaders>;

// part of every request's `ctx.loaders` (src/loaders.ts builds them)
declare module '../../core/loaders.ts' {
  interface Loaders extends QuoteLoaders {}
}
