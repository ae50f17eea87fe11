import { topicOf, type Bus, type BusConsumer, type Envelope, type EventData } from '@onegraph/bus';
import type { Db } from '@onegraph/db';
import { logToTimeline } from '../features/timeline/log.ts';
import type { Unit } from '../core/unit-of-work.ts';
import { companiesByIds } from '../features/companies/store.ts';
import { recomputeHealth } from '../features/health/store.ts';
import { applyEvent, ParkEvent } from './consume.ts';
import { onClientCreated, onClientStatusChanged, onContractChanged, onContractSigned } from './psa-client-events.ts';

export const PSA_CONSUMER = 'crm.psa-events';

export interface PsaConsumerOptions {
  db: Db;
  bus: Bus;
  /** Called after a transaction that wrote to the outbox commits. */
  onOutbox: () => void;
}

/**
 * Consumes `onestack.psa.events`. Each event's effect, its outbox events and
 * its inbox row commit in one transaction, so a redelivery changes nothing
 * and a crash between effect and publish loses nothing. Ticket activity goes
 * on the company's timeline; tickets and CSAT scores are kept as health
 * score inputs, and the score is recomputed in the same transaction. Client
 * and contract events (signed, status changed, changed, created) are in
 * `psa-client-events.ts`. The Bus keys events by organisation, so one
 * organisation's events apply in the order PSA published them.
 */
export function startPsaConsumer(options: PsaConsumerOptions): Promise<BusConsumer> {
  const { db, bus } = options;
  return bus.consume({
    groupId: PSA_CONSUMER,
    topics: [topicOf('psa')],
    handler: async (event) => {
      const handle = psaHandlerFor(event);
      if (!handle) return; // other PSA events are other consumers' business
      if (await applyEvent(db, PSA_CONSUMER, event, handle)) options.onOutbox();
    },
  });
}

/** What this consumer does with an event (also what an admin's replay of a parked one runs); undefined for a type it ignores. */
export function psaHandlerFor(event: Envelope): ((unit: Unit) => Promise<void>) | undefined {
  switch (event.type) {
    case 'psa.ticket.activity':
      return (unit) => onTicketActivity(unit, event as Envelope<EventData<'psa.ticket.activity'>>);
    case 'psa.csat.recorded':
      return (unit) => onCsatRecorded(unit, event as Envelope<EventData<'psa.csat.recorded'>>);
    case 'psa.contract.signed':
      return (unit) => onContractSigned(unit, event as Envelope<EventData<'psa.contract.signed'>>);
    case 'psa.client.status_changed':
      return (unit) => onClientStatusChanged(unit, event as Envelope<EventData<'psa.client.status_changed'>>);
    case 'psa.contract.changed':
      return (unit) => onContractChanged(unit, event as Envelope<EventData<'psa.contract.changed'>>);
    case 'psa.client.created':
      return (unit) => onClientCreated(unit, event as Envelope<EventData<'psa.client.created'>>);
    default:
      return undefined;
  }
}

async function companyOrPark(unit: Unit, companyId: string) {
  const [company] = await companiesByIds(unit.tx, unit.org, [companyId]);
  if (!company) throw new ParkEvent(`unknown company ${companyId}`);
  return company;
}

async function onTicketActivity(unit: Unit, event: Envelope<EventData<'psa.ticket.activity'>>): Promise<void> {
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

async function onCsatRecorded(unit: Unit, event: Envelope<EventData<'psa.csat.recorded'>>): Promise<void> {
  const data = event.data;
  const company = await companyOrPark(unit, data.crmCompanyId);
  await unit.tx.query(`INSERT INTO company_csat (org_id, company_id, event_id, score, recorded_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, [
    unit.org,
    company.id,
    event.id,
    data.score,
    new Date(data.recordedAt ?? event.time),
  ]);
  await recomputeHealth(unit, company.id, 'psa.csat.recorded');
}
