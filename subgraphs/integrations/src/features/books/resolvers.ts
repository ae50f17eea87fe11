import type { CompanyResolvers, DealResolvers, Resolvers } from '../../generated/resolvers-types.ts';

/**
 * Books fields: deals' billing setups, companies' invoices, the Books side
 * of revenue periods (crm owns the periods; the gateway only asks for ids
 * crm returned to the caller, and every read is keyed by the caller's
 * organisation).
 */
export const booksResolvers: Pick<Resolvers, 'RevenuePeriod' | 'BooksBillingSetup'> = {
  RevenuePeriod: {
    __resolveReference: (ref: { id: string }, { loaders }) => loaders.revenue.load(ref.id),
  },
  BooksBillingSetup: {
    amendments: (setup, _, { loaders }) => loaders.booksAmendments.load(setup.dealId),
  },
};

export const companyBooksFields: Pick<CompanyResolvers, 'invoices'> = {
  invoices: (company, _, { loaders }) => loaders.invoices.load(company.id),
};

export const dealBooksFields: Pick<DealResolvers, 'booksBilling'> = {
  booksBilling: (deal, _, { loaders }) => loaders.booksBilling.load(deal.id),
};
