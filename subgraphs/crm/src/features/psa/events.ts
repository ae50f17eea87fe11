import { topicOf } from '@onegraph/bus';
import { defineConsumer, type EventOf } from '@onegraph/consumers';
import { logToTimeline } from '../timeline/log.ts';
import type { Unit } from '../../core/unit-of-work.ts';
import { recomputeHealthBeforeCommit } from '../health/store.ts';
import { companyOrPark, onClientCreated, onClientStatusChanged, onContractChanged, onContractSigned } from './client-events.ts';

export const PSA_CONSUMER = 'crm.psa-events';

/**
 * Consumes `onestack.psa.events`. Each event's effect, its outbox events and
 * its inbox row commit in one transaction (the consumer runtime), so a
 * redelivery changes nothing and a crash between effect and publish loses
 * nothing. Ticket activity goes on the company's timeline; tickets and CSAT
 * scores are kept as health score inputs, and the score is recomputed once at
 * the end of the same transaction. Client and contract events (signed, status changed,
 * changed, created) are in `psa-client-events.ts`. An event naming a company
 * or deal the organisation does not have is parked. The Bus keys events by
 * organisation, so one organisation's events apply in the order PSA
 * published them; other PSA events are other consumers' business.
 */
export const psaEventsConsumer = defineConsumer<Unit>({
  name: PSA_CONSUMER,
  topic: topicOf('psa'),
  handlers: {
    'psa.ticket.activity': (event, unit) => onTicketActivity(unit, event),
    'psa.csat.recorded': (event, unit) => onCsatRecorded(unit, event),
    'psa.contract.signed': (event, unit) => onContractSigned(unit, event),
    'psa.client.status_changed': (event, unit) => onClientStatusChanged(unit, event),
    'psa.contract.changed': (event, unit) => onContractChanged(unit, event),
    'psa.client.created': (event, unit) => onClientCreated(unit, event),
  },
});

async function onTicketActivity(unit: Unit, event: EventOf<'psa.ticket.activity'>): Promise<void> {
  const data = event.data;
  const company = await companyOrPark(unit, data.crmCompanyId);
  const occurredAt = new Date(data.occurredAt ?? event.time);
  await unit.tx.query(
    `INSERT INTO company_tickets (org_id, ticket_id, company_id, status, opened_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (org_id, ticket_id) DO UPDATE SET status = EXCLUDED.status, company_id = EXCLUDED.company_id,
       updated_at = GREATEST(company_tickets.updated_at, EXCLUDED.updated_at)`,
    [unit.org, data.ticketId, company.id, data.status, occurredAt],
  );
  // logToTimeline recomputes health too: the ticket counts and the timeline change together
  await logToTimeline(unit, {
    companyId: company.id,
    type: 'TICKET',
    summary: `Ticket ${data.ticketNumber}: ${data.summary} (${data.status})`,
    source: 'PSA',
    externalRef: `psa-ticket:${data.ticketId}`,
    occurredAt,
  });
}

async function onCsatRecorded(unit: Unit, event: EventOf<'psa.csat.recorded'>): Promise<void> {
  const data = event.data;
  const company = await companyOrPark(unit, data.crmCompanyId);
  await unit.tx.query(`INSERT INTO company_csat (org_id, company_id, event_id, score, recorded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
    unit.org,
    company.id,
    event.id,
    data.score,
    new Date(data.recordedAt ?? event.time),
  ]);
  recomputeHealthBeforeCommit(unit, company.id, 'psa.csat.recorded');
}
