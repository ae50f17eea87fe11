import { topicOf, type Bus, type BusConsumer, type Envelope, type EventData } from '@onegraph/bus';
import { markProcessed, type Db } from '@onegraph/db';
import { applyTicketActivity, linkPsaClient } from '../store/psa.ts';

export const PSA_READ_MODEL_CONSUMER = 'integrations.psa-read-model';

/**
 * Keeps the PSA read model (link, open tickets, CSAT) from PSA's events.
 * Its own consumer group: it sees every PSA event whatever crm does with it.
 */
export function startPsaReadModelConsumer(db: Db, bus: Bus): Promise<BusConsumer> {
  return bus.consume({
    groupId: PSA_READ_MODEL_CONSUMER,
    topics: [topicOf('psa')],
    handler: async (event) => {
      switch (event.type) {
        case 'psa.ticket.activity': {
          const { data, orgid } = event as Envelope<EventData<'psa.ticket.activity'>>;
          await db.transaction(async (tx) => {
            if (!(await markProcessed(tx, PSA_READ_MODEL_CONSUMER, event.id))) return;
            await applyTicketActivity(tx, orgid, {
              psaClientId: data.psaClientId,
              crmCompanyId: data.crmCompanyId,
              ticketId: data.ticketId,
              ticketNumber: data.ticketNumber,
              status: data.status,
              occurredAt: new Date(data.occurredAt ?? event.time),
            });
          });
          return;
        }
        case 'psa.client.created': {
          const { data, orgid } = event as Envelope<EventData<'psa.client.created'>>;
          await db.transaction(async (tx) => {
            if (!(await markProcessed(tx, PSA_READ_MODEL_CONSUMER, event.id))) return;
            await linkPsaClient(tx, orgid, data.crmCompanyId, data.psaClientId);
          });
          return;
        }
        default:
          return;
      }
    },
  });
}
