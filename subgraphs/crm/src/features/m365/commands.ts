import { createHash, randomUUID } from 'node:crypto';
import { codedError, ErrorCode } from '@onegraph/errors';
import type { CrmContext } from '../../core/context.ts';
import type { SendEmailInput } from '../../generated/resolvers-types.ts';
import { activitiesByIds } from '../timeline/store.ts';
import { contactsByIds } from '../contacts/store.ts';
import { claimMessage, deleteMailbox, insertMailbox, mailboxById, messageByInternetId, messageBySendKey, setMessageActivities } from './store.ts';
import type { ActivityRow, ContactRow, MailboxRow } from '../../core/rows.ts';
import { emailBlockOf, emailRefused } from '../consent/commands.ts';
import { connectMailboxSchema, sendEmailSchema } from './validation.ts';
import { parseInput } from '../../core/parse.ts';
import { newId } from '../../core/ids.ts';
import { logToTimeline } from '../timeline/log.ts';
import { mutate, requireWrite, type Unit } from '../../core/unit-of-work.ts';

const mailboxNotFound = (id: string, argument: string) => codedError(ErrorCode.NOT_FOUND, `Mailbox ${id} was not found`, { id, argument });

export async function connectMailbox(ctx: CrmContext, raw: { address: string }): Promise<MailboxRow> {
  requireWrite(ctx);
  const input = parseInput(connectMailboxSchema, raw);
  // a mailbox that could never be synced is refused, not stored: Graph is not configured, or the organisation has no app registration
  ctx.m365.graphFor(ctx.org);
  const mailbox = await mutate(ctx, (unit) =>
    insertMailbox(unit.tx, { org_id: unit.org, id: newId('mbx'), address: input.address, connected_by: unit.actor, connected_at: unit.now }),
  );
  // the first import should not wait for the next interval
  ctx.m365.kick(ctx.org, mailbox.id);
  return mailbox;
}

export async function disconnectMailbox(ctx: CrmContext, id: string): Promise<MailboxRow> {
  const removed = await mutate(ctx, (unit) => deleteMailbox(unit.tx, unit.org, id));
  if (!removed) throw mailboxNotFound(id, 'id');
  return removed;
}

export async function syncMailboxNow(ctx: CrmContext, id: string): Promise<MailboxRow> {
  requireWrite(ctx);
  if (!(await mailboxById(ctx.db, ctx.org, id))) throw mailboxNotFound(id, 'id');
  const synced = await ctx.m365.syncMailbox(ctx.org, id);
  if (!synced) throw mailboxNotFound(id, 'id'); // disconnected while it synced
  return synced;
}

/** The entry an earlier send with the same key made. */
async function sentBefore(unit: Pick<Unit, 'tx' | 'org'>, sendKey: string): Promise<ActivityRow | undefined> {
  const sent = await messageBySendKey(unit.tx, unit.org, sendKey);
  const [row] = sent?.activity_ids.length ? await activitiesByIds(unit.tx, unit.org, sent.activity_ids.slice(0, 1)) : [];
  return row;
}

/** What is sent to one contact: subject, body, and the sequence or campaign it belongs to (for the timeline). */
export interface OutgoingEmail {
  subject: string;
  body: string;
  label: string;
}

/**
 * Sends an email to a contact who may get it (`address`: their first) through
 * a connected mailbox, then logs it. Graph is called before the transaction
 * (no transaction waits on the network) with an idempotency key and an
 * internet message id both derived from the caller's key: a retry after a
 * failure between the two sends nothing new and logs once, and the copy the
 * sent-items delta returns is recognised by its internet message id and not
 * imported again.
 */
export async function deliverEmail(
  ctx: CrmContext,
  mailbox: MailboxRow,
  contact: ContactRow,
  address: string,
  email: OutgoingEmail,
  sendKey: string,
): Promise<ActivityRow> {
  const earlier = await sentBefore({ tx: ctx.db, org: ctx.org }, sendKey);
  if (earlier) return earlier;

  const graph = ctx.m365.graphFor(ctx.org);
  const digest = createHash('sha256').update(`${ctx.org}\u0000${sendKey}`).digest('hex').slice(0, 32);
  const internetMessageId = `<${digest}@onegraph.crm>`;
  const name = `${contact.first_name} ${contact.last_name}`.trim();
  await graph.sendMail(ctx.org, mailbox.address, { subject: email.subject, body: email.body, to: { address, name }, internetMessageId }, `sendEmail:${digest}`);

  return mutate(ctx, async (unit) => {
    const seen = { internet_message_id: internetMessageId, mailbox_id: mailbox.id, graph_id: null, send_key: sendKey, activity_ids: [] };
    if (!(await claimMessage(unit.tx, unit.org, seen, unit.now))) {
      // a concurrent retry, or the sent-items sync, got there first
      const [logged] = await activitiesByIds(unit.tx, unit.org, (await messageByInternetId(unit.tx, unit.org, internetMessageId))?.activity_ids ?? []);
      if (logged) return logged;
    }
    const row = await logToTimeline(unit, {
      companyId: contact.company_id,
      contactId: contact.id,
      type: 'EMAIL',
      summary: `Email to ${name}: ${email.subject} (${email.label})`.slice(0, 500),
      body: email.body.slice(0, 20_000),
      source: 'CRM',
      externalRef: internetMessageId,
      direction: 'OUTBOUND',
      createdBy: unit.actor,
      occurredAt: unit.now,
    });
    await setMessageActivities(unit.tx, unit.org, internetMessageId, [row.id]);
    return row;
  });
}

/** The connected mailbox an email goes out from, or NOT_FOUND naming the argument. */
export async function sendingMailbox(ctx: CrmContext, id: string, argument: string): Promise<MailboxRow> {
  const mailbox = await mailboxById(ctx.db, ctx.org, id);
  if (!mailbox) throw mailboxNotFound(id, argument);
  return mailbox;
}

/**
 * Sends a sequence or campaign email to one contact. A contact who may not
 * get it (do-not-email, unsubscribed, bounced, no address) is refused with
 * EMAIL_NOT_PERMITTED before anything is sent.
 */
export async function sendEmail(ctx: CrmContext, raw: SendEmailInput): Promise<ActivityRow> {
  requireWrite(ctx);
  const input = parseInput(sendEmailSchema, raw);
  const mailbox = await sendingMailbox(ctx, input.mailboxId, 'input.mailboxId');
  const [contact] = await contactsByIds(ctx.db, ctx.org, [input.contactId]);
  if (!contact) throw codedError(ErrorCode.NOT_FOUND, `Contact ${input.contactId} was not found`, { id: input.contactId, argument: 'input.contactId' });
  const allowed = await emailBlockOf(ctx.db, ctx.org, contact);
  if (!allowed.ok) throw emailRefused(contact, allowed.reason);
  const label = input.sequence ? `sequence ${input.sequence}` : `campaign ${input.campaign!}`;
  return deliverEmail(ctx, mailbox, contact, allowed.address, { subject: input.subject, body: input.body, label }, input.idempotencyKey ?? randomUUID());
}
