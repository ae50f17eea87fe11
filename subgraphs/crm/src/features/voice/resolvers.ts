import type { Resolvers, UnmatchedCallResolvers } from '../../generated/resolvers-types.ts';
import { toConnection } from '../../core/connection.ts';
import { pageSize } from '@onegraph/db';
import { mutate } from '../../core/unit-of-work.ts';
import { linkCall } from './commands.ts';
import { contactsWithPhone, listUnmatchedCalls } from './store.ts';

export const UnmatchedCall: UnmatchedCallResolvers = {
  id: (c) => c.call_id,
  from: (c) => c.from_number,
  to: (c) => c.to_number,
  number: (c) => c.external_number,
  startedAt: (c) => c.started_at,
  durationSeconds: (c) => c.duration_seconds,
  recordingUrl: (c) => c.recording_url,
  agentUserId: (c) => c.agent_user_id,
  // a call linked since it was read is no longer unmatched; NO_CONTACT is the closest truth then
  reason: (c) => c.unmatched_reason ?? 'NO_CONTACT',
  // today's contacts with the number, not those of when the call came in
  candidates: (c, _, { db, org }) => (c.external_number.startsWith('+') ? contactsWithPhone(db, org, c.external_number) : []),
};

export const voiceResolvers: Resolvers = {
  Query: {
    async unmatchedCalls(_, { first, after }, { db, org }) {
      const size = pageSize(first);
      const rows = await listUnmatchedCalls(db, org, size + 1, after);
      return toConnection(
        rows.map((r) => ({ ...r, id: r.call_id })),
        size,
        (r) => r.started_at.toISOString(),
      );
    },
  },
  Mutation: {
    linkCall: (_, { callId, contactId }, ctx) => mutate(ctx, (u) => linkCall(u, callId, contactId)),
  },
  UnmatchedCall,
};
