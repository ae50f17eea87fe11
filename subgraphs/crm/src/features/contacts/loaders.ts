import type { Queryable } from '@onegraph/db';
import { byId, grouped } from '../../core/loaders.ts';
import { contactsByCompanyIds, contactsByIds } from './store.ts';

/** Contacts by id, and each company's contacts. */
export function contactLoaders(db: Queryable, org: string) {
  return {
    contact: byId(db, org, contactsByIds),
    contactsByCompany: grouped(db, org, contactsByCompanyIds, (r) => r.company_id),
  };
}

type ContactLoaders = ReturnType<typeof contactLoaders>;

// part of every request's `ctx.loaders` (src/loaders.ts builds them)
declare module '../../core/loaders.ts' {
  interface Loaders extends ContactLoaders {}
}
