import type { Resolvers } from './generated/resolvers-types.ts';
import { DateTime, Decimal } from './core/scalars.ts';
import { booksResolvers, companyBooksFields, dealBooksFields } from './features/books/resolvers.ts';
import { failedEventResolvers } from './features/failed-events/resolvers.ts';
import { integrationKeyResolvers } from './features/keys/resolvers.ts';
import { companyPortalFields, contactPortalFields, PortalSettings, portalMutations } from './features/portal/resolvers.ts';
import { companyPsaFields, dealPsaFields, psaResolvers } from './features/psa/resolvers.ts';
import { ContactCalls, contactVoiceFields } from './features/voice/resolvers.ts';

/**
 * The features' resolvers, merged. Company and Deal are entities owned by
 * crm; this subgraph contributes to Company its PSA read model, portal
 * settings and access and invoices, to Deal its PSA project and billing
 * setup, and to Contact their Voice calls and portal access. It
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
  Contact: {
    __resolveReference: (ref) => ref,
    ...contactVoiceFields,
    ...contactPortalFields,
  },
  ContactCalls,
  Deal: {
    __resolveReference: (ref) => ref,
    ...dealPsaFields,
    ...dealBooksFields,
  },
};
