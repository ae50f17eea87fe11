import type { Queryable } from '@onegraph/db';
import type { Envelope } from '@onegraph/bus';

/** Adds an event to the outbox, in the caller's transaction: it is published only if the change commits. */
export async function appendOutbox(tx: Queryable, topic: string, event: Envelope): Promise<void> {
  await tx.query(`INSERT INTO outbox (org_id, topic, event) VALUES ($1, $2, $3)`, [event.orgid, topic, JSON.stringify(event)]);
}

export interface OutboxRow {
  seq: string;
  topic: string;
  event: Envelope;
}

export async function unpublished(db: Queryable, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT seq, topic, event FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ ...r, event: typeof r.event === 'string' ? (JSON.parse(r.event) as Envelope) : r.event }));
}

export async function markPublished(db: Queryable, seqs: readonly string[]): Promise<void> {
  await db.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [seqs]);
}
