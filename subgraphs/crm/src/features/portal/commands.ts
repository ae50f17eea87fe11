import { forbidden, notFound } from '@onegraph/errors';
import { ProductCallError, type PortalClient, type PortalFeatures } from '@onegraph/onestack-clients';
import type { CrmContext } from '../../core/context.ts';
import type { EsignRow, QuoteRow } from '../../core/rows.ts';
import { updateRow } from '../../core/update.ts';
import { recordEsignEvent } from '../esign/commands.ts';
import { setQuoteStatus } from '../quotes/commands.ts';
import { logToTimeline } from '../timeline/log.ts';
import { invalidTransition, lockRow, mutate } from '../../core/unit-of-work.ts';

/*
 * Portal is called between transactions, never inside one: a slow or down
 * Portal must not hold row locks (or, on PGlite, the whole database) for the
 * length of its timeouts and retries. Its idempotency keys make a retried
 * mutation safe after a call that went through but whose save did not.
 */

const featureNames: Record<keyof PortalFeatures, string> = {
  pipeline: 'the pipeline',
  marketing: 'marketing',
  esign: 'e-sign',
  quotes: 'quotes',
  invoices: 'invoices',
};

/**
 * The toggle is read from Portal itself (the integrations subgraph pushes
 * every change of the settings there before saving it): what crm publishes
 * is what the portal will show.
 */
async function requirePortalFeature(ctx: CrmContext, companyId: string, feature: keyof PortalFeatures): Promise<PortalClient> {
  const portal = ctx.portal;
  if (!portal) throw new ProductCallError('portal', 'Portal is not connected (no PORTAL_API_URL configured)', { retryable: false });
  const view = await portal.getPortal(ctx.org, companyId);
  if (!view) throw forbidden(`Company ${companyId} has no client portal: set one up with updatePortalSettings first`);
  if (!view.features[feature]) {
    throw forbidden(
      `The client portal of company ${companyId} does not show ${featureNames[feature]}: turn its "${feature}" feature on with updatePortalSettings`,
    );
  }
  return portal;
}

async function readRow<R>(ctx: CrmContext, table: string, what: string, id: string): Promise<R> {
  const { rows } = await ctx.db.query<R>(`SELECT * FROM ${table} WHERE org_id = $1 AND id = $2`, [ctx.org, id]);
  if (!rows[0]) throw notFound(what, id);
  return rows[0];
}

/**
 * Publishes a quote in the company's client portal. A DRAFT is sent first
 * (which gives it its share token; it stays SENT if Portal then fails, and
 * sharing again picks it up). Portal's idempotency key is the quote and its
 * token: sharing twice publishes once.
 */
export async function shareQuoteViaPortal(ctx: CrmContext, quoteId: string): Promise<QuoteRow> {
  let quote = await readRow<QuoteRow>(ctx, 'quotes', 'Quote', quoteId);
  if (quote.status !== 'DRAFT' && quote.status !== 'SENT' && quote.status !== 'VIEWED') {
    throw invalidTransition(`Quote ${quote.number} is ${quote.status}: only a draft, sent or viewed quote can be shared`, {
      id: quoteId,
      status: quote.status,
    });
  }
  const portal = await requirePortalFeature(ctx, quote.company_id, 'quotes');
  if (quote.status === 'DRAFT') {
    const draft = quote;
    quote = await mutate(ctx, (u) => setQuoteStatus(u, draft.id, draft.version, 'SENT', null));
  }
  const { url } = await portal.shareQuote(
    ctx.org,
    {
      quoteId: quote.id,
      number: quote.number,
      title: quote.title,
      companyId: quote.company_id,
      shareToken: quote.share_token!,
      total: quote.total,
      currency: quote.currency,
    },
    `share-quote:${quote.id}:${quote.share_token}`,
  );
  return mutate(ctx, async (unit) => {
    await lockRow<QuoteRow>(unit, 'quotes', 'Quote', quoteId);
    const shared = await updateRow<QuoteRow>(unit.tx, 'quotes', unit.org, quoteId, { portal_url: url, portal_shared_at: unit.now }, unit.now);
    await logToTimeline(unit, {
      companyId: shared.company_id,
      dealId: shared.deal_id,
      contactId: shared.contact_id,
      type: 'QUOTE',
      summary: `Quote ${shared.number} shared in the client portal`,
      source: 'CRM',
      createdBy: unit.actor,
      occurredAt: unit.now,
    });
    return shared;
  });
}

/** Puts a document up for signature in the company's client portal (REQUESTED → SENT). */
export async function sendEsignViaPortal(ctx: CrmContext, documentId: string): Promise<EsignRow> {
  const doc = await readRow<EsignRow>(ctx, 'esign_documents', 'E-sign document', documentId);
  if (doc.status !== 'REQUESTED' && doc.status !== 'SENT' && doc.status !== 'VIEWED') {
    throw invalidTransition(`E-sign document ${documentId} is ${doc.status}: it cannot be sent for signature again`, { id: documentId, status: doc.status });
  }
  const portal = await requirePortalFeature(ctx, doc.company_id, 'esign');
  const { url } = await portal.sendDocument(
    ctx.org,
    { documentId: doc.id, title: doc.title, kind: doc.kind, companyId: doc.company_id, signerEmail: doc.signer_email },
    `esign:${doc.id}`,
  );
  return mutate(ctx, async (unit) => {
    let current = await lockRow<EsignRow>(unit, 'esign_documents', 'E-sign document', documentId);
    if (current.status === 'REQUESTED') current = await recordEsignEvent(unit, current.id, current.version, 'SENT', null, null);
    return updateRow<EsignRow>(unit.tx, 'esign_documents', unit.org, current.id, { portal_url: url, portal_sent_at: unit.now }, unit.now);
  });
}
