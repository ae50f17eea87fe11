import { listFailedEvents } from '@onegraph/consumers';
import { decodeCursor, encodeCursor, pageSize } from '@onegraph/db';
import type { Resolvers } from '../../generated/resolvers-types.ts';

/**
 * The integrations consumers' parked and dead-lettered events, listed per
 * organisation and replayed through the consumer runtime (its registry
 * holds every consumer of this subgraph). Owner and Admin only: the SDL's
 * rule, checked before these run.
 */
export const failedEventResolvers: Pick<Resolvers, 'Query' | 'Mutation' | 'IntegrationsFailedEvent'> = {
  Query: {
    async integrationsFailedEvents(_, { first, after, includeResolved, kind }, { db, org }) {
      const size = pageSize(first);
      const rows = await listFailedEvents(db, org, {
        limit: size + 1,
        after: after ? decodeCursor(after) : undefined,
        includeResolved: includeResolved ?? false,
        kind,
      });
      const edges = rows.slice(0, size).map((node) => ({ cursor: encodeCursor(node.sortKey, node.id), node }));
      return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
    },
  },
  Mutation: {
    replayIntegrationsFailedEvent: (_, { id }, ctx) => ctx.consumers.replay(ctx.org, id, ctx.principal.sub),
  },
  IntegrationsFailedEvent: {
    subject: (e) => e.envelope.subject ?? null,
    source: (e) => e.envelope.source,
    data: (e) => JSON.stringify(e.envelope.data),
  },
};
