import type { Queryable } from '@onegraph/db';
import { logToTimeline } from '../timeline/log.ts';
import type { Unit } from '../../core/unit-of-work.ts';
import { claimMessage, setMessageActivities } from './store.ts';
import type { CompanyRow, ContactRow, MailboxRow } from '../../core/rows.ts';
import { keepUnknownParties, lockEmailMatching } from './unmatched-emails-store.ts';
import { isFreeEmailDomain } from './free-email-domains.ts';
import type { GraphAddress, GraphMessage, MailFolder } from './graph-client.ts';
import { bouncedRecipients } from './non-delivery.ts';
import { recordBounces } from '../consent/store.ts';

const MAX_BODY = 20_000;

const addressOf = (a: GraphAddress | null | undefined) => a?.emailAddress?.address?.trim().toLowerCase() || undefined;
const labelOf = (a: GraphAddress | null | undefined) => a?.emailAddress?.name?.trim() || addressOf(a) || 'unknown';
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/** Contacts having any of the addresses, primary ones first, then the most recently updated. */
async function contactsWithEmails(db: Queryable, org: string, addresses: string[]): Promise<ContactRow[]> {
  const { rows } = await db.query<ContactRow>(
    `SELECT * FROM contacts WHERE org_id = $1 AND emails && $2::text[] ORDER BY is_primary DESC, updated_at DESC, id`,
    [org, addresses],
  );
  return rows;
}

async function companiesWithDomains(db: Queryable, org: string, domains: string[]): Promise<CompanyRow[]> {
  const { rows } = await db.query<CompanyRow>(`SELECT * FROM companies WHERE org_id = $1 AND domains && $2::text[] ORDER BY id`, [org, domains]);
  return rows;
}

/**
 * Logs one synced message on the timelines it concerns, once per
 * organisation (by internet message id). The external parties are every
 * sender and recipient but the mailbox itself: matched to contacts by any
 * of their addresses, and, for addresses no contact has, to companies by
 * domain unless the domain is a free email provider's. Each company gets
 * one entry, on its first matching contact when there is one. The parties
 * no contact has are kept with the entry's content, so a contact created
 * later with one of those addresses gets the email (earlier-emails.ts).
 * A non-delivery report is not logged: the addresses it names as bounced
 * are recorded, and sequence and campaign email skips them.
 */
export async function importMessage(unit: Unit, mailbox: MailboxRow, folder: MailFolder, message: GraphMessage): Promise<void> {
  if (message['@removed']) return; // deletions in the mailbox do not rewrite the timeline
  const internetMessageId = message.internetMessageId?.trim() || `graph:${message.id}`;
  const seen = { internet_message_id: internetMessageId, mailbox_id: mailbox.id, graph_id: message.id, send_key: null, activity_ids: [] };
  if (!(await claimMessage(unit.tx, unit.org, seen, unit.now))) return;

  // a non-delivery report is not correspondence: its failed addresses are never emailed again (consent)
  const bounced = folder === 'inbox' ? bouncedRecipients(message, mailbox.address) : undefined;
  if (bounced) return recordBounces(unit.tx, unit.org, bounced, internetMessageId, unit.now);

  const recipients = [...(message.toRecipients ?? []), ...(message.ccRecipients ?? [])];
  const parties = [...new Set([addressOf(message.from), ...recipients.map(addressOf)])].filter((a): a is string => !!a && a !== mailbox.address);
  if (parties.length === 0) return;

  // a contact being given one of these addresses right now either commits first (and is matched here) or finds this message after
  await lockEmailMatching(unit.tx, unit.org);
  const perCompany = new Map<string, ContactRow | null>();
  const contacts = await contactsWithEmails(unit.tx, unit.org, parties);
  for (const contact of contacts) if (!perCompany.has(contact.company_id)) perCompany.set(contact.company_id, contact);
  const matched = new Set(contacts.flatMap((c) => c.emails));
  const domains = [...new Set(parties.filter((a) => !matched.has(a)).map(domainOf))].filter((d) => !isFreeEmailDomain(d));
  if (domains.length)
    for (const company of await companiesWithDomains(unit.tx, unit.org, domains)) if (!perCompany.has(company.id)) perCompany.set(company.id, null);

  const unknown = parties.filter((a) => !matched.has(a));
  const inbound = folder === 'inbox';
  const subject = message.subject?.trim() || '(no subject)';
  const summary = inbound ? `Email from ${labelOf(message.from)}: ${subject}` : `Email to ${labelOf(recipients[0])}: ${subject}`;
  const content = message.body?.contentType?.toLowerCase() === 'text' ? message.body.content : message.bodyPreview;
  const when = (inbound ? message.receivedDateTime : message.sentDateTime) ?? message.receivedDateTime ?? message.sentDateTime;
  const occurredAt = when && !Number.isNaN(Date.parse(when)) ? new Date(when) : unit.now;
  const entry = {
    summary: summary.slice(0, 500),
    body: content ? content.slice(0, MAX_BODY) : null,
    direction: inbound ? ('INBOUND' as const) : ('OUTBOUND' as const),
    occurredAt,
  };
  const ids: string[] = [];
  for (const [companyId, contact] of perCompany) {
    const row = await logToTimeline(unit, { ...entry, companyId, contactId: contact?.id ?? null, type: 'EMAIL', source: 'M365', externalRef: message.id });
    ids.push(row.id);
  }
  if (ids.length) await setMessageActivities(unit.tx, unit.org, internetMessageId, ids);
  // kept for a contact created later with one of these addresses (earlier-emails.ts)
  if (unknown.length) await keepUnknownParties(unit.tx, unit.org, internetMessageId, unknown, entry);
}
