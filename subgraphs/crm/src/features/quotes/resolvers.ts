import { money } from '../../core/decimal.ts';
import { dateOnly } from '../../core/dates.ts';
import type { QuoteResolvers, Resolvers, SourceProduct } from '../../generated/resolvers-types.ts';
import { sortedConnection } from '../../core/connection.ts';
import { pageSize } from '@onegraph/db';
import { mutate } from '../../core/unit-of-work.ts';
import { requireCompany } from '../companies/loaders.ts';
import { createQuote, setQuoteStatus, updateQuote } from './commands.ts';
import { listQuotes, quoteByShareToken } from './store.ts';

export const Quote: QuoteResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.quote.load(id),
  company: (q, _, { loaders }) => requireCompany(loaders, q.company_id),
  deal: (q, _, { loaders }) => (q.deal_id ? loaders.deal.load(q.deal_id) : null),
  contact: (q, _, { loaders }) => (q.contact_id ? loaders.contact.load(q.contact_id) : null),
  lines: (q, _, { loaders }) => loaders.quoteLines.load(q.id),
  subtotal: (q) => money(q.subtotal),
  taxRate: (q) => q.tax_rate,
  tax: (q) => money(q.tax),
  total: (q) => money(q.total),
  monthlyRecurring: (q) => money(q.monthly_recurring),
  validUntil: (q) => (q.valid_until === null ? null : dateOnly(q.valid_until)),
  shareToken: (q) => q.share_token,
  source: (q) => q.source as SourceProduct,
  sentAt: (q) => q.sent_at,
  viewedAt: (q) => q.viewed_at,
  decidedAt: (q) => q.decided_at,
  declineReason: (q) => q.decline_reason,
  version: (q) => q.version,
  createdAt: (q) => q.created_at,
  updatedAt: (q) => q.updated_at,
};

export const quoteResolvers: Resolvers = {
  Query: {
    quote: (_, { id }, { loaders }) => loaders.quote.load(id),
    async quotes(_, { first, after, filter }, { db, org }) {
      const size = pageSize(first);
      return sortedConnection(await listQuotes(db, org, filter, size, after), size);
    },
    quoteByShareToken: (_, { token }, { db, org }) => quoteByShareToken(db, org, token),
  },
  Mutation: {
    createQuote: (_, { input }, ctx) => mutate(ctx, (u) => createQuote(u, input)),
    updateQuote: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updateQuote(u, id, expectedVersion, input)),
    setQuoteStatus: (_, { id, expectedVersion, status, reason }, ctx) => mutate(ctx, (u) => setQuoteStatus(u, id, expectedVersion, status, reason)),
  },
  Quote,
};
