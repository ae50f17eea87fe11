import { topicOf } from '@onegraph/bus';
import { defineConsumer, ParkEvent, type EventOf } from '@onegraph/consumers';
import { recordEsignEvent } from '../esign/commands.ts';
import { setQuoteStatus } from '../quotes/commands.ts';
import type { Unit } from '../../core/unit-of-work.ts';
import type { EsignRow, QuoteRow } from '../../core/rows.ts';

export const PORTAL_CONSUMER = 'crm.portal-events';

/**
 * Consumes `onestack.portal.events`: a client viewing a quote in the portal
 * marks it VIEWED; a client signing a document records the signature (a
 * signed CONTRACT closes its open deal as WON, as `recordEsignEvent` does).
 * Each event applies once; one naming a record crm does not have, or of
 * another company, is parked.
 */
export const portalEventsConsumer = defineConsumer<Unit>({
  name: PORTAL_CONSUMER,
  topic: topicOf('portal'),
  handlers: {
    'portal.quote.viewed': (event, unit) => onQuoteViewed(unit, event),
    'portal.document.signed': (event, unit) => onDocumentSigned(unit, event),
  },
});

async function lockOf<R extends { company_id: string }>(unit: Unit, table: string, what: string, id: string, companyId: string): Promise<R> {
  const { rows } = await unit.tx.query<R>(`SELECT * FROM ${table} WHERE org_id = $1 AND id = $2 FOR UPDATE`, [unit.org, id]);
  const row = rows[0];
  if (!row) throw new ParkEvent(`unknown ${what} ${id}`);
  if (row.company_id !== companyId) throw new ParkEvent(`${what} ${id} is not of company ${companyId}`);
  return row;
}

async function onQuoteViewed(unit: Unit, event: EventOf<'portal.quote.viewed'>): Promise<void> {
  const quote = await lockOf<QuoteRow>(unit, 'quotes', 'quote', event.data.quoteId, event.data.crmCompanyId);
  // a second view, or a view after the client decided, changes nothing
  if (quote.status !== 'SENT') return;
  await setQuoteStatus(unit, quote.id, quote.version, 'VIEWED', null);
}

async function onDocumentSigned(unit: Unit, event: EventOf<'portal.document.signed'>): Promise<void> {
  let doc = await lockOf<EsignRow>(unit, 'esign_documents', 'e-sign document', event.data.documentId, event.data.crmCompanyId);
  if (doc.status === 'SIGNED') return;
  if (doc.status === 'DECLINED') throw new ParkEvent(`e-sign document ${doc.id} was declined before the portal reported a signature`);
  if (doc.status === 'REQUESTED') doc = await recordEsignEvent(unit, doc.id, doc.version, 'SENT', null, null);
  await recordEsignEvent(unit, doc.id, doc.version, 'SIGNED', event.data.signedName, null);
}
