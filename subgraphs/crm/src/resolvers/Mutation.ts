import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { logActivity } from '../mutations/activities.ts';
import { replayFailedEvent } from '../consumers/replay.ts';
import { createCompany, updateCompany } from '../mutations/companies.ts';
import { createContact, deleteContact, updateContact } from '../mutations/contacts.ts';
import { createDeal, moveDeal, reopenDeal, requestPsaProject, setDealLineItems, updateDeal } from '../mutations/deals.ts';
import { recordEsignEvent, requestEsignature } from '../mutations/esign.ts';
import { createPipeline, updatePipeline } from '../mutations/pipelines.ts';
import { sendEsignViaPortal, shareQuoteViaPortal } from '../mutations/portal.ts';
import { createQuote, setQuoteStatus, updateQuote } from '../mutations/quotes.ts';
import { linkCall } from '../mutations/calls.ts';
import { connectMailbox, disconnectMailbox, sendEmail, syncMailboxNow } from '../mutations/m365.ts';
import { promoteCompanyToClient } from '../mutations/promotion.ts';
import { mutate } from '../mutations/unit-of-work.ts';

/**
 * Every mutation is one unit of work (`mutate`): the write gate, one
 * transaction with its outbox events, then the relay woken. The loaders of
 * the request are primed with the written row, so the fields selected on the
 * result see the change.
 */
export const Mutation: MutationResolvers = {
  createCompany: (_, { input }, ctx) => mutate(ctx, (u) => createCompany(u, input)),
  updateCompany: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updateCompany(u, id, expectedVersion, input)),
  createContact: (_, { input }, ctx) => mutate(ctx, (u) => createContact(u, input)),
  updateContact: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updateContact(u, id, expectedVersion, input)),
  deleteContact: (_, { id, expectedVersion }, ctx) => mutate(ctx, (u) => deleteContact(u, id, expectedVersion)),
  createPipeline: (_, { input }, ctx) => mutate(ctx, (u) => createPipeline(u, input)),
  updatePipeline: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updatePipeline(u, id, expectedVersion, input)),
  createDeal: (_, { input }, ctx) => mutate(ctx, (u) => createDeal(u, input)),
  updateDeal: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updateDeal(u, id, expectedVersion, input)),
  moveDeal: (_, { id, expectedVersion, stageId, reason }, ctx) => mutate(ctx, (u) => moveDeal(u, id, expectedVersion, stageId, reason)),
  reopenDeal: (_, { id, expectedVersion, stageId }, ctx) => mutate(ctx, (u) => reopenDeal(u, id, expectedVersion, stageId)),
  setDealLineItems: (_, { id, expectedVersion, items }, ctx) => mutate(ctx, (u) => setDealLineItems(u, id, expectedVersion, items)),
  logActivity: (_, { input }, ctx) => mutate(ctx, (u) => logActivity(u, input)),
  createQuote: (_, { input }, ctx) => mutate(ctx, (u) => createQuote(u, input)),
  updateQuote: (_, { id, expectedVersion, input }, ctx) => mutate(ctx, (u) => updateQuote(u, id, expectedVersion, input)),
  setQuoteStatus: (_, { id, expectedVersion, status, reason }, ctx) => mutate(ctx, (u) => setQuoteStatus(u, id, expectedVersion, status, reason)),
  requestEsignature: (_, { input }, ctx) => mutate(ctx, (u) => requestEsignature(u, input)),
  recordEsignEvent: (_, { id, expectedVersion, status, signedName, reason }, ctx) =>
    mutate(ctx, (u) => recordEsignEvent(u, id, expectedVersion, status, signedName, reason)),
  linkCall: (_, { callId, contactId }, ctx) => mutate(ctx, (u) => linkCall(u, callId, contactId)),
  connectMailbox: (_, { input }, ctx) => connectMailbox(ctx, input),
  disconnectMailbox: (_, { id }, ctx) => disconnectMailbox(ctx, id),
  syncMailboxNow: (_, { id }, ctx) => syncMailboxNow(ctx, id),
  sendEmail: (_, { input }, ctx) => sendEmail(ctx, input),
  // PSA's API is called outside any transaction: the mutation writes only once PSA answered
  promoteCompanyToClient: (_, { companyId }, ctx) => promoteCompanyToClient(ctx, companyId),
  requestPsaProject: (_, { dealId }, ctx) => mutate(ctx, (u) => requestPsaProject(u, dealId)),
  replayParkedEvent: (_, { id }, ctx) => replayFailedEvent(ctx, id),
  shareQuoteViaPortal: (_, { quoteId }, ctx) => shareQuoteViaPortal(ctx, quoteId),
  sendEsignViaPortal: (_, { documentId }, ctx) => sendEsignViaPortal(ctx, documentId),
};
