import type { Queryable } from '@onegraph/db';
import { byId, grouped, required, type Loaders } from '../../core/loaders.ts';
import { companiesByIds, statusHistoryOfCompanies } from './store.ts';

/** Companies by id, and each company's status history. */
export function companyLoaders(db: Queryable, org: string) {
  return {
    company: byId(db, org, companiesByIds),
    statusHistory: grouped(db, org, statusHistoryOfCompanies, (r) => r.company_id),
  };
}

/** The company a row points at (a contact's, a deal's...): a miss is a bug, not NOT_FOUND. */
export const requireCompany = (loaders: Loaders, companyId: string) => required(loaders.company, companyId, 'company');

type CompanyLoaders = ReturnType<typeof companyLoaders>;

// part of every request's `ctx.loaders` (src/loaders.ts builds them)
declare module '../../core/loaders.ts' {
  interface Loaders extends CompanyLoaders {}
}
