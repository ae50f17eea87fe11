import { randomUUID } from 'node:crypto';
import { createEnvelope, PermanentEventError, topicOf, type Bus, type BusConsumer, type Envelope, type EventData } from '@onegraph/bus';
import { markProcessed, type Db } from '@onegraph/db';
import { insertActivity } from '../store/activities.ts';
import { companiesByIds } from '../store/companies.ts';
import { appendOutbox } from '../store/outbox.ts';

export const PSA_CONSUMER = 'crm.psa-events';

export interface PsaConsumerOptions {
  db: Db;
  bus: Bus;
  /** Called after a transaction that wrote to the outbox commits. */
  onOutbox: () => void;
}

/**
 * Consumes `onestack.psa.events`. Each event's effect, its outbox event and
 * its inbox row commit in one transaction, so a redelivery changes nothing
 * and a crash between effect and publish loses nothing.
 */
export function startPsaConsumer(options: PsaConsumerOptions): Promise<BusConsumer> {
  const { db, bus } = options;
  return bus.consume({
    groupId: PSA_CONSUMER,
    topics: [topicOf('psa')],
    handler: async (event) => {
      let wrote = false;
      switch (event.type) {
        case 'psa.ticket.activity':
          wrote = await onTicketActivity(db, event as Envelope<EventData<'psa.ticket.activity'>>);
          break;
        default:
          return; // other PSA events are other consumers' business (issue 4)
      }
      if (wrote) options.onOutbox();
    },
  });
}

async function onTicketActivity(db: Db, event: Envelope<EventData<'psa.ticket.activity'>>): Promise<boolean> {
  const org = event.orgid;
  const data = event.data;
  return db.transaction(async (tx) => {
    if (!(await markProcessed(tx, PSA_CONSUMER, event.id))) return false;
    const [company] = await companiesByIds(tx, org, [data.crmCompanyId]);
    if (!company) throw new PermanentEventError(`unknown company ${data.crmCompanyId} in org ${org}`);
    const activity = await insertActivity(tx, org, {
      id: `act_${randomUUID()}`,
      companyId: company.id,
      type: 'TICKET',
      summary: `Ticket ${data.ticketNumber}: ${data.summary} (${data.status})`,
      source: 'PSA',
      externalRef: `psa-ticket:${data.ticketId}`,
      occurredAt: new Date(data.occurredAt ?? event.time),
    });
    await appendOutbox(
      tx,
      topicOf('crm'),
      createEnvelope({
        type: 'crm.activity.logged',
        source: 'onegraph/crm',
        orgid: org,
        subject: `company/${company.id}`,
        data: { activityId: activity.id, companyId: company.id, type: activity.type },
      }),
    );
    return true;
  });
}
