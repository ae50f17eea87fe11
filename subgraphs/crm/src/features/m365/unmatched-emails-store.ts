import type { Queryable } from '@onegraph/db';

/**
 * Serialises, per organisation, the two places that match emails to
 * contacts: importing a synced message, and a contact getting addresses
 * (created, or its emails changed). Without it the two could run at once,
 * each not seeing the other's uncommitted row, and a message would be
 * matched by neither. Held until the transaction ends.
 */
export async function lockEmailMatching(tx: Queryable, org: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('crm.m365-matching'), hashtext($1))`, [org]);
}

/** What a timeline entry of a message shows, kept for parties matched later. */
export interface EntryContent {
  direction: 'INBOUND' | 'OUTBOUND';
  summary: string;
  body: string | null;
  occurredAt: Date;
}

/** Keeps a message's parties that no contact had at import, with its entry's content. */
export async function keepUnknownParties(tx: Queryable, org: string, internetMessageId: string, parties: string[], content: EntryContent): Promise<void> {
  await tx.query(
    `UPDATE m365_messages SET unknown_parties = $3, direction = $4, summary = $5, body = $6, occurred_at = $7 WHERE org_id = $1 AND internet_message_id = $2`,
    [org, internetMessageId, parties, content.direction, content.summary, content.body, content.occurredAt],
  );
}

export interface UnmatchedEmailRow {
  internet_message_id: string;
  graph_id: string | null;
  activity_ids: string[];
  direction: 'INBOUND' | 'OUTBOUND';
  summary: string;
  body: string | null;
  occurred_at: Date;
}

/** The organisation's messages one of whose parties, unknown at import, has one of the addresses; oldest first. */
export async function messagesWithUnknownParties(tx: Queryable, org: string, addresses: string[]): Promise<UnmatchedEmailRow[]> {
  const { rows } = await tx.query<UnmatchedEmailRow>(
    `SELECT internet_message_id, graph_id, activity_ids, direction, summary, body, occurred_at FROM m365_messages
      WHERE org_id = $1 AND unknown_parties && $2::text[] ORDER BY occurred_at, internet_message_id`,
    [org, addresses],
  );
  return rows;
}

/** Of the given entries, the company's (at most one per message): id and contact. */
export async function entriesOfCompany(
  tx: Queryable,
  org: string,
  companyId: string,
  activityIds: string[],
): Promise<{ id: string; contact_id: string | null }[]> {
  const { rows } = await tx.query<{ id: string; contact_id: string | null }>(
    `SELECT id, contact_id FROM activities WHERE org_id = $1 AND company_id = $2 AND id = ANY($3)`,
    [org, companyId, activityIds],
  );
  return rows;
}

/** An entry logged on the company alone (matched by domain) gains the contact. */
export async function giveEntryContact(tx: Queryable, org: string, activityId: string, contactId: string): Promise<void> {
  await tx.query(`UPDATE activities SET contact_id = $3 WHERE org_id = $1 AND id = $2 AND contact_id IS NULL`, [org, activityId, contactId]);
}

export async function addMessageActivity(tx: Queryable, org: string, internetMessageId: string, activityId: string): Promise<void> {
  await tx.query(`UPDATE m365_messages SET activity_ids = array_append(activity_ids, $3) WHERE org_id = $1 AND internet_message_id = $2`, [
    org,
    internetMessageId,
    activityId,
  ]);
}
