import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { CrmContext } from '../../core/context.ts';
import type { ActivityRow, ContactRow } from '../../core/rows.ts';
import { idOf, parseInput, text } from '../../core/parse.ts';
import { requireWrite } from '../../core/unit-of-work.ts';
import type { SendCampaignInput } from '../../generated/resolvers-types.ts';
import { emailBlockOf, type EmailBlock } from '../consent/commands.ts';
import { contactsByIds } from '../contacts/store.ts';
import { deliverEmail, sendingMailbox } from './commands.ts';

export interface SkippedRecipientRow {
  contact: ContactRow;
  reason: EmailBlock;
}

/** What `sendCampaign` answers: the entries sent, in the order asked, and the contacts skipped. */
export interface CampaignSendRow {
  sent: ActivityRow[];
  skipped: SkippedRecipientRow[];
}

const sendCampaignSchema = z.object({
  mailboxId: idOf,
  campaign: text(200),
  contactIds: z.array(idOf).min(1, 'give at least one contact').max(200, 'at most 200 contacts'),
  subject: text(500),
  body: z.string().min(1, 'must not be empty').max(100_000, 'at most 100000 characters'),
  idempotencyKey: text(200).optional(),
});

/**
 * Sends a campaign email to each contact who may get it, one by one through
 * the same path as `sendEmail` (each with an idempotency key derived from
 * the call's and the contact's id), and skips the others with their
 * reason. Unknown contacts (or another organisation's) are NOT_FOUND before
 * anything is sent.
 */
export async function sendCampaign(ctx: CrmContext, raw: SendCampaignInput): Promise<CampaignSendRow> {
  requireWrite(ctx);
  const input = parseInput(sendCampaignSchema, raw);
  const mailbox = await sendingMailbox(ctx, input.mailboxId, 'input.mailboxId');
  const ids = [...new Set(input.contactIds)];
  const found = new Map((await contactsByIds(ctx.db, ctx.org, ids)).map((c) => [c.id, c]));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw ctxNotFound(missing);
  const key = input.idempotencyKey ?? randomUUID();
  const result: CampaignSendRow = { sent: [], skipped: [] };
  for (const id of ids) {
    const contact = found.get(id)!;
    const allowed = await emailBlockOf(ctx.db, ctx.org, contact);
    if (!allowed.ok) {
      result.skipped.push({ contact, reason: allowed.reason });
      continue;
    }
    const email = { subject: input.subject, body: input.body, label: `campaign ${input.campaign}` };
    result.sent.push(await deliverEmail(ctx, mailbox, contact, allowed.address, email, `${key}:${contact.id}`));
  }
  return result;
}

const ctxNotFound = (ids: string[]) => codedError(ErrorCode.NOT_FOUND, `Contact ${ids.join(', ')} was not found`, { id: ids[0], argument: 'input.contactIds' });
