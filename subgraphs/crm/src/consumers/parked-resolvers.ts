import { toConnection } from '../core/connection.ts';
import { pageSize } from '@onegraph/db';
import type { ParkedEventResolvers, Resolvers } from '../generated/resolvers-types.ts';
import { listParkedEvents } from './parked-store.ts';
import { replayFailedEvent } from './replay.ts';

export const ParkedEvent: ParkedEventResolvers = {
  subject: (p) => p.envelope.subject ?? null,
  source: (p) => p.envelope.source,
  data: (p) => JSON.stringify(p.envelope.data),
  parkedAt: (p) => p.failedAt,
};

/** Events a consumer parked or dead-lettered: listed, and replayed once what they waited for exists (or the fault is fixed). */
export const parkedEventResolvers: Resolvers = {
  Query: {
    async parkedEvents(_, { first, after, includeResolved, kind }, { db, org }) {
      const size = pageSize(first);
      return toConnection(await listParkedEvents(db, org, size, after, includeResolved ?? false, kind), size, (p) => p.sortKey);
    },
  },
  Mutation: {
    replayParkedEvent: (_, { id }, ctx) => replayFailedEvent(ctx, id),
  },
  ParkedEvent,
};
