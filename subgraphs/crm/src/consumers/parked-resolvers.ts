import type { Envelope } from '@onegraph/bus';
import { sortedConnection } from '../core/connection.ts';
import { pageSize } from '../core/cursor.ts';
import type { ParkedEventResolvers, Resolvers } from '../generated/resolvers-types.ts';
import type { ParkedEventRow } from '../core/rows.ts';
import { listParkedEvents } from './parked-store.ts';
import { replayParkedEvent } from './replay.ts';

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

/** Events a consumer parked: listed, and replayed once what they waited for exists. */
export const parkedEventResolvers: Resolvers = {
  Query: {
    async parkedEvents(_, { first, after, includeResolved }, { db, org }) {
      const size = pageSize(first);
      return sortedConnection(await listParkedEvents(db, org, size, after, includeResolved ?? false), size);
    },
  },
  Mutation: {
    replayParkedEvent: (_, { id }, ctx) => replayParkedEvent(ctx, id),
  },
  ParkedEvent,
};
