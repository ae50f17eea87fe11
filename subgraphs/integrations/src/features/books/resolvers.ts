import type { CompanyResolvers, Resolvers } from '../generated/resolvers-types.ts';
import { updatePortalSettings } from '../portal/update-settings.ts';

/**
 * Books and Portal fields: deals' billing setups, companies' invoices and
 * portals, the Books side of revenue periods (crm owns the periods; the
 * gateway only asks for ids crm returned to the caller, and every read is
 * keyed by the caller's organisation).
 */
export const booksPortalResolvers: Resolvers = {
  Deal: {
    __resolveReference: (ref) => ref,
    booksBilling: (deal, _, { loaders }) => loaders.booksBilling.load(deal.id),
  },
  RevenuePeriod: {
    __resolveReference: (ref: { id: string }, { loaders }) => loaders.revenue.load(ref.id),
  },
  Mutation: {
    updatePortalSettings: (_, { companyId, input }, ctx) => updatePortalSettings(ctx, companyId, input),
  },
};

export const companyBooksPortalFields: Pick<CompanyResolvers, 'portal' | 'invoices'> = {
  portal: (company, _, { loaders }) => loaders.portalSettings.load(company.id),
  invoices: (company, _, { loaders }) => loaders.invoices.load(company.id),
};
