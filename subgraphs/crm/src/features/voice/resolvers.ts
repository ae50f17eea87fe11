import type { UnmatchedCallResolvers } from '../../generated/resolvers-types.ts';
import { contactsWithPhone } from './store.ts';

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
