import type { EsignDocumentResolvers, Resolvers } from '../../generated/resolvers-types.ts';
import { sortedConnection } from '../../core/connection.ts';
import { pageSize } from '@onegraph/db';
import { mutate } from '../../core/unit-of-work.ts';
import { requireCompany } from '../companies/loaders.ts';
import { recordEsignEvent, requestEsignature } from './commands.ts';
import { listEsign } from './store.ts';

export const EsignDocument: EsignDocumentResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.esign.load(id),
  company: (d, _, { loaders }) => requireCompany(loaders, d.company_id),
  deal: (d, _, { loaders }) => (d.deal_id ? loaders.deal.load(d.deal_id) : null),
  quote: (d, _, { loaders }) => (d.quote_id ? loaders.quote.load(d.quote_id) : null),
  signer: (d, _, { loaders }) => (d.signer_contact_id ? loaders.contact.load(d.signer_contact_id) : null),
  signerEmail: (d) => d.signer_email,
  signedName: (d) => d.signed_name,
  psaContractRef: (d) => d.psa_contract_ref,
  declineReason: (d) => d.decline_reason,
  requestedAt: (d) => d.requested_at,
  sentAt: (d) => d.sent_at,
  viewedAt: (d) => d.viewed_at,
  signedAt: (d) => d.signed_at,
  declinedAt: (d) => d.declined_at,
  version: (d) => d.version,
  updatedAt: (d) => d.updated_at,
};

export const esignResolvers: Resolvers = {
  Query: {
    esignDocument: (_, { id }, { loaders }) => loaders.esign.load(id),
    async esignDocuments(_, { first, after, filter }, { db, org }) {
      const size = pageSize(first);
      return sortedConnection(await listEsign(db, org, filter, size, after), size);
    },
  },
  Mutation: {
    requestEsignature: (_, { input }, ctx) => mutate(ctx, (u) => requestEsignature(u, input)),
    recordEsignEvent: (_, { id, expectedVersion, status, signedName, reason }, ctx) =>
      mutate(ctx, (u) => recordEsignEvent(u, id, expectedVersion, status, signedName, reason)),
  },
  EsignDocument,
};
