import type { Queryable } from '@onegraph/db';
import type { Loaders } from './core/loaders.ts';
import { companyLoaders } from './features/companies/loaders.ts';
import { consentLoaders } from './features/consent/loaders.ts';
import { contactLoaders } from './features/contacts/loaders.ts';
import { dealLoaders } from './features/deals/loaders.ts';
import { esignLoaders } from './features/esign/loaders.ts';
import { healthLoaders } from './features/health/loaders.ts';
import { quoteLoaders } from './features/quotes/loaders.ts';
import { timelineLoaders } from './features/timeline/loaders.ts';

/**
 * One set of loaders per request, bound to the caller's organisation: a
 * loader can never hand one tenant's rows to another, and nothing is cached
 * across requests. Every relation a list can ask for is batched, so a page
 * costs a fixed number of statements whatever its size.
 */
export function createLoaders(db: Queryable, org: string): Loaders {
  return {
    ...companyLoaders(db, org),
    ...contactLoaders(db, org),
    ...dealLoaders(db, org),
    ...timelineLoaders(db, org),
    ...quoteLoaders(db, org),
    ...esignLoaders(db, org),
    ...healthLoaders(db, org),
    ...consentLoaders(db, org),
  };
}
