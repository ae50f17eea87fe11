import { toConnection } from '../../core/connection.ts';
import { pageSize } from '@onegraph/db';
import type { ParkedEventResolvers, Resolvers } from '../../generated/resolvers-types.ts';
import { listParkedEvents } from './store.ts';
import { requireWrite } from '../../core/unit-of-work.ts';

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
    // runs again through its consumer's own handler, exactly once; still failing: parked or dead-lettered again with the new reason
    replayParkedEvent: (_, { id }, ctx) => {
      requireWrite(ctx);
      return ctx.consumers.replay(ctx.org, id, ctx.principal.sub);
    },
  },
  ParkedEvent,
};
