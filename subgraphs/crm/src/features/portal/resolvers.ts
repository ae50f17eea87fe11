import type { Resolvers } from '../../generated/resolvers-types.ts';
import type { EsignRow, QuoteRow } from '../../core/rows.ts';
import { sendEsignViaPortal, shareQuoteViaPortal } from './commands.ts';

/** What crm stores next to a quote or document published in a portal (migration 005). */
type PortalColumns = { portal_url?: string | null };

const portalUrlOf = (row: QuoteRow | EsignRow): string | null => (row as PortalColumns).portal_url ?? null;

export const portalResolvers: Resolvers = {
  Mutation: {
    shareQuoteViaPortal: (_, { quoteId }, ctx) => shareQuoteViaPortal(ctx, quoteId),
    sendEsignViaPortal: (_, { documentId }, ctx) => sendEsignViaPortal(ctx, documentId),
  },
  Quote: { portalUrl: portalUrlOf },
  EsignDocument: { portalUrl: portalUrlOf },
};
