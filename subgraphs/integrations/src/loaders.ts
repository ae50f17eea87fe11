import DataLoader from 'dataloader';
import type { Queryable } from '@onegraph/db';
import { booksRevenue, type BooksRevenue } from './features/books/revenue.ts';
import {
  amendmentsByDealIds,
  billingSetupsByDealIds,
  invoicesByCompanyIds,
  type BillingAmendment,
  type BillingSetupRow,
  type InvoiceRow,
} from './features/books/store.ts';
import { portalSettingsByCompanyIds, type PortalSettingsRow } from './features/portal/store.ts';
import { psaProjectRequestsByDealIds, type PsaProjectRequestRow } from './features/psa/project-requests-store.ts';
import { psaProjectsByDealIds, type PsaProjectRow } from './features/psa/projects-store.ts';
import { psaLinksByCompanyIds, type PsaLinkRow } from './features/psa/store.ts';
import { callsByNumbers, type NumberCalls } from './features/voice/store.ts';

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
    /** A won deal's PSA project request, or null when none was made. */
    psaProjectRequest: new DataLoader<string, PsaProjectRequestRow | null>(async (dealIds) => {
      const rows = new Map((await psaProjectRequestsByDealIds(db, org, dealIds)).map((r) => [r.dealId, r]));
      return dealIds.map((id) => rows.get(id) ?? null);
    }),
    /** null for a deal Books has no setup of (not won yet). */
    booksBilling: new DataLoader<string, BillingSetupRow | null>(async (dealIds) => {
      const rows = new Map((await billingSetupsByDealIds(db, org, dealIds)).map((r) => [r.dealId, r]));
      return dealIds.map((id) => rows.get(id) ?? null);
    }),
    /** A won deal's Books amendments, oldest first. */
    booksAmendments: new DataLoader<string, BillingAmendment[]>(async (dealIds) => {
      const rows = await amendmentsByDealIds(db, org, dealIds);
      return dealIds.map((id) => rows.filter((r) => r.dealId === id));
    }),
    invoices: new DataLoader<string, InvoiceRow[]>(async (companyIds) => {
      const rows = await invoicesByCompanyIds(db, org, companyIds);
      return companyIds.map((id) => rows.filter((r) => r.companyId === id));
    }),
    /** null for a company without a portal. */
    portalSettings: new DataLoader<string, PortalSettingsRow | null>(async (companyIds) => {
      const rows = new Map((await portalSettingsByCompanyIds(db, org, companyIds)).map((r) => [r.companyId, r]));
      return companyIds.map((id) => rows.get(id) ?? null);
    }),
    /** Each phone number's calls (count and most recent): every number of one `_entities` batch in one query. */
    callsByNumber: new DataLoader<string, NumberCalls>(async (numbers) => {
      const calls = await callsByNumbers(db, org, numbers);
      return numbers.map((n) => calls.get(n) ?? { count: 0, recent: [] });
    }),
    /** Books' side of revenue periods: every period of one `_entities` call in one batch. */
    revenue: new DataLoader<string, BooksRevenue>((ids) => booksRevenue(db, org, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
