import { topicOf } from '@onegraph/bus';
import { defineConsumer } from '@onegraph/consumers';
import type { ConsumerScope } from '../../core/scope.ts';
import { applyTicketActivity, linkPsaClient } from './store.ts';

export const PSA_READ_MODEL_CONSUMER = 'integrations.psa-read-model';

/**
 * Keeps the PSA read model (link, open tickets, CSAT) from PSA's events.
 * Its own consumer group: it sees every PSA event whatever crm does with it.
 */
export const psaReadModelConsumer = defineConsumer<ConsumerScope>({
  name: PSA_READ_MODEL_CONSUMER,
  topic: topicOf('psa'),
  handlers: {
    'psa.ticket.activity': async ({ data, time }, { tx, org }) => {
      await applyTicketActivity(tx, org, {
        psaClientId: data.psaClientId,
        crmCompanyId: data.crmCompanyId,
        ticketId: data.ticketId,
        ticketNumber: data.ticketNumber,
        status: data.status,
        occurredAt: new Date(data.occurredAt ?? time),
      });
    },
    'psa.client.created': ({ data }, { tx, org }) => linkPsaClient(tx, org, data.crmCompanyId, data.psaClientId),
  },
});
