import type { Queryable } from '@onegraph/db';
import type { MailboxRow } from '../../core/rows.ts';
import type { MailFolder } from './graph-client.ts';

export async function listMailboxes(db: Queryable, org: string): Promise<MailboxRow[]> {
  const { rows } = await db.query<MailboxRow>(`SELECT * FROM m365_mailboxes WHERE org_id = $1 ORDER BY address`, [org]);
  return rows;
}

/** Every organisation's mailboxes: what the background sync walks through. */
export async function allMailboxes(db: Queryable): Promise<MailboxRow[]> {
  const { rows } = await db.query<MailboxRow>(`SELECT * FROM m365_mailboxes ORDER BY org_id, address`);
  return rows;
}

export async function mailboxById(db: Queryable, org: string, id: string): Promise<MailboxRow | undefined> {
  const { rows } = await db.query<MailboxRow>(`SELECT * FROM m365_mailboxes WHERE org_id = $1 AND id = $2`, [org, id]);
  return rows[0];
}

/** Connects a mailbox, or returns the one connected at that address. */
export async function insertMailbox(db: Queryable, row: Omit<MailboxRow, 'last_synced_at' | 'last_error'>): Promise<MailboxRow> {
  const { rows } = await db.query<MailboxRow>(
    `INSERT INTO m365_mailboxes (org_id, id, address, connected_by, connected_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (org_id, address) DO UPDATE SET address = EXCLUDED.address RETURNING *`,
    [row.org_id, row.id, row.address, row.connected_by, row.connected_at],
  );
  return rows[0]!;
}

/** Removes a mailbox and its sync state; the messages seen stay, so a reconnect imports nothing twice. */
export async function deleteMailbox(db: Queryable, org: string, id: string): Promise<MailboxRow | undefined> {
  const { rows } = await db.query<MailboxRow>(`DELETE FROM m365_mailboxes WHERE org_id = $1 AND id = $2 RETURNING *`, [org, id]);
  await db.query(`DELETE FROM m365_sync_state WHERE org_id = $1 AND mailbox_id = $2`, [org, id]);
  return rows[0];
}

/** A sync finished: when, and the error it failed with (null for a good one, which clears the last error). */
export async function recordSyncOutcome(db: Queryable, org: string, id: string, at: Date, error: string | null): Promise<void> {
  if (error === null) await db.query(`UPDATE m365_mailboxes SET last_synced_at = $3, last_error = NULL WHERE org_id = $1 AND id = $2`, [org, id, at]);
  else await db.query(`UPDATE m365_mailboxes SET last_error = $3 WHERE org_id = $1 AND id = $2`, [org, id, error]);
}

/** Locks a mailbox row for the transaction (a disconnect waits for the page being imported). */
export async function lockMailbox(db: Queryable, org: string, id: string): Promise<MailboxRow | undefined> {
  const { rows } = await db.query<MailboxRow>(`SELECT * FROM m365_mailboxes WHERE org_id = $1 AND id = $2 FOR UPDATE`, [org, id]);
  return rows[0];
}

export async function syncLink(db: Queryable, org: string, mailboxId: string, folder: MailFolder): Promise<{ link: string; complete: boolean } | undefined> {
  const { rows } = await db.query<{ link: string; complete: boolean }>(
    `SELECT link, complete FROM m365_sync_state WHERE org_id = $1 AND mailbox_id = $2 AND folder = $3`,
    [org, mailboxId, folder],
  );
  return rows[0];
}

export async function storeSyncLink(
  db: Queryable,
  org: string,
  mailboxId: string,
  folder: MailFolder,
  next: { link: string; complete: boolean },
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO m365_sync_state (org_id, mailbox_id, folder, link, complete, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (org_id, mailbox_id, folder) DO UPDATE SET link = EXCLUDED.link, complete = EXCLUDED.complete, updated_at = EXCLUDED.updated_at`,
    [org, mailboxId, folder, next.link, next.complete, now],
  );
}

export interface SeenMessage {
  internet_message_id: string;
  mailbox_id: string;
  graph_id: string | null;
  send_key: string | null;
  activity_ids: string[];
}

/** Claims a message for the organisation; false when it was seen already (then only its Graph id is filled in). */
export async function claimMessage(db: Queryable, org: string, m: SeenMessage, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO m365_messages (org_id, internet_message_id, mailbox_id, graph_id, send_key, activity_ids, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (org_id, internet_message_id) DO NOTHING RETURNING internet_message_id`,
    [org, m.internet_message_id, m.mailbox_id, m.graph_id, m.send_key, m.activity_ids, now],
  );
  if (rows.length > 0) return true;
  if (m.graph_id) await noteGraphId(db, org, m.internet_message_id, m.graph_id);
  return false;
}

/**
 * The Graph id of a message first known by its internet message id (sent
 * from the CRM): kept, and made the timeline entries' external reference.
 */
async function noteGraphId(db: Queryable, org: string, internetMessageId: string, graphId: string): Promise<void> {
  const { rows } = await db.query<{ activity_ids: string[] }>(
    `UPDATE m365_messages SET graph_id = $3 WHERE org_id = $1 AND internet_message_id = $2 AND graph_id IS NULL RETURNING activity_ids`,
    [org, internetMessageId, graphId],
  );
  const ids = rows[0]?.activity_ids;
  if (ids?.length) await db.query(`UPDATE activities SET external_ref = $3 WHERE org_id = $1 AND id = ANY($2)`, [org, ids, graphId]);
}

export async function setMessageActivities(db: Queryable, org: string, internetMessageId: string, activityIds: string[]): Promise<void> {
  await db.query(`UPDATE m365_messages SET activity_ids = $3 WHERE org_id = $1 AND internet_message_id = $2`, [org, internetMessageId, activityIds]);
}

export async function messageBySendKey(db: Queryable, org: string, sendKey: string): Promise<SeenMessage | undefined> {
  const { rows } = await db.query<SeenMessage>(`SELECT * FROM m365_messages WHERE org_id = $1 AND send_key = $2`, [org, sendKey]);
  return rows[0];
}

export async function messageByInternetId(db: Queryable, org: string, internetMessageId: string): Promise<SeenMessage | undefined> {
  const { rows } = await db.query<SeenMessage>(`SELECT * FROM m365_messages WHERE org_id = $1 AND internet_message_id = $2`, [org, internetMessageId]);
  return rows[0];
}
