import type { ParkedEventResolvers } from '../generated/resolvers-types.ts';

export const ParkedEvent: ParkedEventResolvers = {
  subject: (p) => p.envelope.subject ?? null,
  source: (p) => p.envelope.source,
  data: (p) => JSON.stringify(p.envelope.data),
  parkedAt: (p) => p.failedAt,
};
