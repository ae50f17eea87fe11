import type { Resolvers } from './generated/resolvers-types.ts';
import { DateTime, Decimal } from './core/scalars.ts';
import { booksResolvers, companyBooksFields, dealBooksFields } from './features/books/resolvers.ts';
import { failedEventResolvers } from './features/failed-events/resolvers.ts';
import { integrationKeyResolvers } from './features/keys/resolvers.ts';
import { companyPortalFields, PortalSettings, portalMutations } from './features/portal/resolvers.ts';
import { companyPsaFields, dealPsaFields, psaResolvers } from './features/psa/resolvers.ts';

/**
 * The features' resolvers, merged. Company and Deal are entities owned by
 * crm; this subgraph contributes to Company its PSA read model, portal
 * settings and invoices, and to Deal its PSA project and billing setup. It
 * does not check that the company exists: the gateway only asks for
 * companies crm returned for the caller's organisation, and every read model
 * is keyed by organisation too.
 */
export const resolvers: Resolvers = {
  DateTime,
  Decimal,
  ...psaResolvers,
  ...booksResolvers,
  ...failedEventResolvers,
  Query: { ...integrationKeyResolvers.Query, ...failedEventResolvers.Query },
  Mutation: { ...integrationKeyResolvers.Mutation, ...portalMutations, ...failedEventResolvers.Mutation },
  Company: {
    __resolveReference: (ref) => ref,
    ...companyPsaFields,
    ...companyPortalFields,
    ...companyBooksFields,
  },
  PortalSettings,
  Deal: {
    __resolveReference: (ref) => ref,
    ...dealPsaFields,
    ...dealBooksFields,
  },
};
