import { GraphQLScalarType } from 'graphql';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { booksPortalResolvers, companyBooksPortalFields } from './books-portal.ts';
import { integrationKeyResolvers } from './integration-keys.ts';

const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value : new Date(String(value))).toISOString(),
});

/** Output only here: amounts come from `numeric` columns as exact strings. */
const Decimal = new GraphQLScalarType({
  name: 'Decimal',
  serialize: (value) => String(value),
});

/**
 * Company is an entity owned by crm; this subgraph contributes `psa`, the
 * portal settings and invoices (and to Deal its PSA project and billing setup). It
 * does not check that the company exists: the gateway only asks for
 * companies crm returned for the caller's organisation, and the read model
 * is keyed by organisation too.
 */
export const resolvers: Resolvers = {
  DateTime,
  Decimal,
  ...integrationKeyResolvers,
  ...booksPortalResolvers,
  Mutation: { ...integrationKeyResolvers.Mutation, ...booksPortalResolvers.Mutation },
  Company: {
    __resolveReference: (ref) => ref,
    psa: (company, _, { loaders }) => loaders.psaLink.load(company.id),
    ...companyBooksPortalFields,
  },
  // one Deal for both blocks of the SDL: what PSA and what Books made of it
  Deal: {
    ...booksPortalResolvers.Deal,
    __resolveReference: (ref) => ref,
    psaProject: (deal, _, { loaders }) => loaders.psaProject.load(deal.id),
    psaProjectRequest: (deal, _, { loaders }) => loaders.psaProjectRequest.load(deal.id),
  },
  PsaProjectRequest: {
    project: (request, _, { loaders }) => loaders.psaProject.load(request.dealId),
  },
  PsaProject: {
    id: (p) => p.psa_project_id,
    createdAt: (p) => p.created_at,
  },
  PsaLink: {
    linked: (l) => l.psa_client_id !== null,
    psaClientId: (l) => l.psa_client_id,
    openTickets: (l) => l.open_tickets,
    latestCsat: (l) => l.latest_csat,
    lastTicketActivityAt: (l) => l.last_ticket_activity_at,
  },
};
