import { forbidden } from '@onegraph/errors';
import { ProductCallError, type PortalClient, type PortalFeatures } from '@onegraph/onestack-clients';
import type { EsignRow, QuoteRow } from '../store/rows.ts';
import { updateRow } from '../store/update.ts';
import { recordEsignEvent } from './esign.ts';
import { setQuoteStatus } from './quotes.ts';
import { logToTimeline } from './timeline.ts';
import { invalidTransition, lockRow, type Unit } from './unit-of-work.ts';

/** What crm stores next to a quote or document published in a portal (migration 005). */
type PortalColumns = { portal_url?: string | null };

const featureNames: Record<keyof PortalFeatures, string> = { pipeline: 'the pipeline', marketing: 'marketing', esign: 'e-sign', quotes: 'quotes', invoices: 'invoices' };

/**
 * Portal is the one that shows things to the company's clients, so the
 * toggle is read from Portal itself (the integrations subgraph pushes every
 * change of the settings there before saving it): what crm publishes is
 * what the portal will show.
 */
async function requirePortalFeature(unit: Unit, portal: PortalClient | undefined, companyId: string, feature: keyof PortalFeatures): Promise<PortalClient> {
  if (!portal) throw new ProductCallError('portal', 'Portal is not connected (no PORTAL_API_URL configured)', { retryable: false });
  const view = await portal.getPortal(unit.org, companyId);
  if (!view) throw forbidden(`Company ${companyId} has no client portal: set one up with updatePortalSettings first`);
  if (!view.features[feature]) {
    throw forbidden(`The client portal of company ${companyId} does not show ${featureNames[feature]}: turn its "${feature}" feature on with updatePortalSettings`);
  }
  return portal;
}

/**
 * Publishes a quote in the company's client portal, sending a DRAFT first
 * (which gives it its share token). Portal's idempotency key is the quote
 * and its token: sharing twice publishes once.
 */
export async function shareQuoteViaPortal(unit: Unit, portalClient: PortalClient | undefined, quoteId: string): Promise<QuoteRow> {
  let quote = await lockRow<QuoteRow>(unit, 'quotes', 'Quote', quoteId);
  if (quote.status !== 'DRAFT' && quote.status !== 'SENT' && quote.status !== 'VIEWED') {
    throw invalidTransition(`Quote ${quote.number} is ${quote.status}: only a draft, sent or viewed quote can be shared`, { id: quoteId, status: quote.status });
  }
  const portal = await requirePortalFeature(unit, portalClient, quote.company_id, 'quotes');
  if (quote.status === 'DRAFT') quote = await setQuoteStatus(unit, quote.id, quote.version, 'SENT', null);
  const { url } = await portal.shareQuote(
    unit.org,
    { quoteId: quote.id, number: quote.number, title: quote.title, companyId: quote.company_id, shareToken: quote.share_token!, total: quote.total, currency: quote.currency },
    `share-quote:${quote.id}:${quote.share_token}`,
  );
  quote = await updateRow<QuoteRow>(unit.tx, 'quotes', unit.org, quote.id, { portal_url: url, portal_shared_at: unit.now }, unit.now);
  await logToTimeline(unit, {
    companyId: quote.company_id,
    dealId: quote.deal_id,
    contactId: quote.contact_id,
    type: 'QUOTE',
    summary: `Quote ${quote.number} shared in the client portal`,
    source: 'CRM',
    createdBy: unit.actor,
    occurredAt: unit.now,
  });
  return quote;
}

/** Puts a document up for signature in the company's client portal (REQUESTED → SENT). */
export async function sendEsignViaPortal(unit: Unit, portalClient: PortalClient | undefined, documentId: string): Promise<EsignRow> {
  let doc = await lockRow<EsignRow>(unit, 'esign_documents', 'E-sign document', documentId);
  if (doc.status !== 'REQUESTED' && doc.status !== 'SENT' && doc.status !== 'VIEWED') {
    throw invalidTransition(`E-sign document ${documentId} is ${doc.status}: it cannot be sent for signature again`, { id: documentId, status: doc.status });
  }
  const portal = await requirePortalFeature(unit, portalClient, doc.company_id, 'esign');
  const { url } = await portal.sendDocument(
    unit.org,
    { documentId: doc.id, title: doc.title, kind: doc.kind, companyId: doc.company_id, signerEmail: doc.signer_email },
    `esign:${doc.id}`,
  );
  if (doc.status === 'REQUESTED') doc = await recordEsignEvent(unit, doc.id, doc.version, 'SENT', null, null);
  return updateRow<EsignRow>(unit.tx, 'esign_documents', unit.org, doc.id, { portal_url: url, portal_sent_at: unit.now }, unit.now);
}

export const portalUrlOf = (row: QuoteRow | EsignRow): string | null => (row as PortalColumns).portal_url ?? null;
