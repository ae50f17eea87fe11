import type { Envelope } from '@onegraph/bus';
import type { ParkedEventResolvers } from '../generated/resolvers-types.ts';
import type { ParkedEventRow } from '../core/rows.ts';

const envelopeOf = (p: ParkedEventRow): Envelope => (typeof p.envelope === 'string' ? (JSON.parse(p.envelope) as Envelope) : p.envelope);

export const ParkedEvent: ParkedEventResolvers = {
  eventId: (p) => p.event_id,
  eventType: (p) => p.event_type,
  subject: (p) => envelopeOf(p).subject ?? null,
  source: (p) => envelopeOf(p).source,
  data: (p) => JSON.stringify(envelopeOf(p).data),
  parkedAt: (p) => p.parked_at,
  resolvedAt: (p) => p.resolved_at,
};
