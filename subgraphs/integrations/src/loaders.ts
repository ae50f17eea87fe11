import DataLoader from 'dataloader';
import type { Queryable } from '@onegraph/db';
import { psaLinksByCompanyIds } from './store/psa.ts';
import { psaProjectsByDealIds, type PsaProjectRow } from './store/psa-projects.ts';
import type { PsaLinkRow } from './store/rows.ts';

/** Per-request loaders bound to the caller's organisation. */
export function createLoaders(db: Queryable, org: string) {
  return {
    psaLink: new DataLoader<string, PsaLinkRow>(async (companyIds) => {
      const rows = new Map((await psaLinksByCompanyIds(db, org, companyIds)).map((r) => [r.crm_company_id, r]));
      return companyIds.map((id) => rows.get(id) ?? new Error(`no PSA read model row for ${id}`));
    }),
    /** A deal's PSA project, or null when it has none. */
    psaProject: new DataLoader<string, PsaProjectRow | null>(async (dealIds) => {
      const rows = new Map((await psaProjectsByDealIds(db, org, dealIds)).map((r) => [r.crm_deal_id, r]));
      return dealIds.map((id) => rows.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
