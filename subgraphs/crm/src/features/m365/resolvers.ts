import type { MailboxResolvers } from '../../generated/resolvers-types.ts';

export const Mailbox: MailboxResolvers = {
  connectedBy: (m) => m.connected_by,
  connectedAt: (m) => m.connected_at,
  lastSyncedAt: (m) => m.last_synced_at,
  lastError: (m) => m.last_error,
};
