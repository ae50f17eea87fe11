import type { MailboxResolvers, Resolvers } from '../../generated/resolvers-types.ts';
import { sendCampaign } from './campaign.ts';
import { connectMailbox, disconnectMailbox, sendEmail, syncMailboxNow } from './commands.ts';
import { listMailboxes } from './store.ts';

export const Mailbox: MailboxResolvers = {
  connectedBy: (m) => m.connected_by,
  connectedAt: (m) => m.connected_at,
  lastSyncedAt: (m) => m.last_synced_at,
  lastError: (m) => m.last_error,
};

export const m365Resolvers: Resolvers = {
  Query: {
    mailboxes: (_, __, { db, org }) => listMailboxes(db, org),
  },
  Mutation: {
    connectMailbox: (_, { input }, ctx) => connectMailbox(ctx, input),
    disconnectMailbox: (_, { id }, ctx) => disconnectMailbox(ctx, id),
    syncMailboxNow: (_, { id }, ctx) => syncMailboxNow(ctx, id),
    sendEmail: (_, { input }, ctx) => sendEmail(ctx, input),
    sendCampaign: (_, { input }, ctx) => sendCampaign(ctx, input),
  },
  Mailbox,
};
