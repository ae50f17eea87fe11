import { topicOf, type Bus, type BusConsumer, type Envelope, type EventData } from '@onegraph/bus';
import type { Db } from '@onegraph/db';
import { recordEsignEvent } from '../features/esign/commands.ts';
import { setQuoteStatus } from '../features/quotes/commands.ts';
import type { Unit } from '../core/unit-of-work.ts';
import type { EsignRow, QuoteRow } from '../core/rows.ts';
import { applyEvent, ParkEvent } from './consume.ts';

export const PORTAL_CONSUMER = 'crm.portal-events';

export interface PortalConsumerOptions {
  db: Db;
  bus: Bus;
  /** Called after a transaction that wrote to the outbox commits. */
  onOutbox: () => void;
}

/**
 * Consumes `onestack.portal.events`: a client viewing a quote in the portal
 * marks it VIEWED; a client signing a document records the signature (a
 * signed CONTRACT closes its open deal as WON, as `recordEsignEvent` does).
 * Each event applies once (`applyEvent`); one naming a record crm does not
 * have, or of another company, is parked.
 */
export function startPortalConsumer(options: PortalConsumerOptions): Promise<BusConsumer> {
  const { db, bus } = options;
  return bus.consume({
    groupId: PORTAL_CONSUMER,
    topics: [topicOf('portal')],
    handler: async (event) => {
      let handle: ((unit: Unit) => Promise<void>) | undefined;
      switch (event.type) {
        case 'portal.quote.viewed':
          handle = (unit) => onQuoteViewed(unit, event as Envelope<EventData<'portal.quote.viewed'>>);
          break;
        case 'portal.document.signed':
          handle = (unit) => onDocumentSigned(unit, event as Envelope<EventData<'portal.document.signed'>>);
          break;
        default:
          return;
      }
      if (await applyEvent(db, PORTAL_CONSUMER, event, handle)) options.onOutbox();
    },
  });
}

async function lockOf<R extends { company_id: string }>(unit: Unit, table: string, what: string, id: string, companyId: string): Promise<R> {
  const { rows } = await unit.tx.query<R>(`SELECT * FROM ${table} WHERE org_id = $1 AND id = $2 FOR UPDATE`, [unit.org, id]);
  const row = rows[0];
  if (!row) throw new ParkEvent(`unknown ${what} ${id}`);
  if (row.company_id !== companyId) throw new ParkEvent(`${what} ${id} is not of company ${companyId}`);
  return row;
}

async function onQuoteViewed(unit: Unit, event: Envelope<EventData<'portal.quote.viewed'>>): Promise<void> {
  const quote = await lockOf<QuoteRow>(unit, 'quotes', 'quote', event.data.quoteId, event.data.crmCompanyId);
  // a second view, or a view after the client decided, changes nothing
  if (quote.status !== 'SENT') return;
  await setQuoteStatus(unit, quote.id, quote.version, 'VIEWED', null);
}

async function onDocumentSigned(unit: Unit, event: Envelope<EventData<'portal.document.signed'>>): Promise<void> {
  let doc = await lockOf<EsignRow>(unit, 'esign_documents', 'e-sign document', event.data.documentId, event.data.crmCompanyId);
  if (doc.status === 'SIGNED') return;
  if (doc.status === 'DECLINED') throw new ParkEvent(`e-sign document ${doc.id} was declined before the portal reported a signature`);
  if (doc.status === 'REQUESTED') doc = await recordEsignEvent(unit, doc.id, doc.version, 'SENT', null, null);
  await recordEsignEvent(unit, doc.id, doc.version, 'SIGNED', event.data.signedName, null);
}
