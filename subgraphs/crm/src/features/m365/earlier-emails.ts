import { logToTimeline } from '../timeline/log.ts';
import type { Unit } from '../../core/unit-of-work.ts';
import type { ContactRow } from '../../core/rows.ts';
import { addMessageActivity, entriesOfCompany, giveEntryContact, lockEmailMatching, messagesWithUnknownParties } from './unmatched-emails-store.ts';

/**
 * Matches the emails synced before a contact had its addresses: called in
 * the transaction of the contact mutation that gave them (create, or an
 * update of `emails`). Each earlier message with one of the addresses among
 * its parties unknown at import gets, on the contact's company:
 * - nothing when the company has an entry for it with a contact already
 *   (one entry per company per message, as the import does);
 * - the contact, on an entry the company has without one (matched by
 *   domain then);
 * - else a new entry, as the import would have logged it, with its
 *   `crm.activity.logged`.
 * So running it again (the same addresses saved again) adds nothing.
 *
 * Why in the mutation's transaction rather than an outbox-driven consumer:
 * the contact and its earlier emails commit together or not at all; there
 * is no second delivery to deduplicate and no window in which the contact
 * exists without its emails; and the lookup is one indexed query on at most
 * ten addresses. The cost is that a contact whose address has a long
 * history of unmatched mail logs it all in the mutation; should that grow
 * large, this is the step to move behind the outbox.
 */
export async function matchEarlierEmails(unit: Unit, contact: ContactRow): Promise<void> {
  if (contact.emails.length === 0) return;
  await lockEmailMatching(unit.tx, unit.org);
  const messages = await messagesWithUnknownParties(unit.tx, unit.org, contact.emails);
  if (messages.length === 0) return;
  const existing = new Map(
    (
      await entriesOfCompany(
        unit.tx,
        unit.org,
        contact.company_id,
        messages.flatMap((m) => m.activity_ids),
      )
    ).map((e) => [e.id, e]),
  );
  for (const message of messages) {
    const entry = message.activity_ids.map((id) => existing.get(id)).find((e) => e !== undefined);
    if (entry?.contact_id) continue;
    if (entry) {
      await giveEntryContact(unit.tx, unit.org, entry.id, contact.id);
      continue;
    }
    const row = await logToTimeline(unit, {
      companyId: contact.company_id,
      contactId: contact.id,
      type: 'EMAIL',
      summary: message.summary,
      body: message.body,
      source: 'M365',
      externalRef: message.graph_id,
      direction: message.direction,
      occurredAt: message.occurred_at,
    });
    await addMessageActivity(unit.tx, unit.org, message.internet_message_id, row.id);
  }
}
